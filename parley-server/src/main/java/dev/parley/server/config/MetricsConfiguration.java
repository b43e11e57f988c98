package dev.parley.server.config;

import dev.parley.server.cluster.NodeIdentity;
import dev.parley.server.metrics.PrometheusGauges;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every metric of this process carries the node's name, so a cluster's series can be told apart. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeTag(NodeIdentity node) {
        return registry -> registry.config().commonTags("node", node.id());
    }

    @Bean
    PrometheusGauges prometheusGauges(MeterRegistry registry, NodeIdentity node) {
        return new PrometheusGauges(registry, node.id());
    }
}
