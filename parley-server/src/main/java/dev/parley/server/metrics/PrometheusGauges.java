package dev.parley.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.function.DoubleSupplier;

/**
 * Gauges whose Prometheus names must be exactly as given, {@code _total} suffix included (dashboards
 * of the systems Parley replaces use {@code chats_alive_total}, {@code users_online_total}, ...).
 * Micrometer strips {@code _total} from gauge names, so on a Prometheus registry these are
 * registered as collectors directly, with the {@code node} label every other metric gets.
 */
public final class PrometheusGauges {

    private final MeterRegistry registry;
    private final String node;

    public PrometheusGauges(MeterRegistry registry, String node) {
        this.registry = registry;
        this.node = node;
    }

    public void register(String name, String help, DoubleSupplier value) {
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus == null) {
            Gauge.builder(name.replace('_', '.'), value, DoubleSupplier::getAsDouble)
                    .description(help)
                    .register(registry);
            return;
        }
        prometheus
                .getPrometheusRegistry()
                .register(() -> GaugeSnapshot.builder()
                        .name(name)
                        .help(help)
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(Labels.of("node", node))
                                .value(value.getAsDouble())
                                .build())
                        .build());
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry child : composite.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(child);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
