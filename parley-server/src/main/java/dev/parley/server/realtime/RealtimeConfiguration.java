package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.InProcessBus;
import dev.parley.core.presence.InMemoryPresenceTracker;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.cluster.NodeIdentity;
import dev.parley.server.cluster.RedisBus;
import dev.parley.server.cluster.RedisConnections;
import dev.parley.server.cluster.RedisPresenceTracker;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.CommandParser;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What delivery runs on: the fan-out shards, and the bus and presence tracker, chosen by
 * configuration: in this process for a single node, on Redis for a cluster ({@code
 * parley.redis.url}).
 */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

    /** The fan-out threads; the store's writers answer queued writes on them. */
    @Bean(destroyMethod = "close")
    FanoutShards fanoutShards(ParleyProperties properties, MeterRegistry registry) {
        return new FanoutShards(
                properties.realtime().shards(), properties.realtime().fanoutQueue(), registry);
    }

    /** Only in cluster mode. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${parley.redis.url:}' != ''")
    RedisConnections redisConnections(ParleyProperties properties) {
        return new RedisConnections(properties.redis());
    }

    @Bean(destroyMethod = "close")
    Bus bus(
            ParleyProperties properties,
            ObjectProvider<RedisConnections> redis,
            NodeIdentity node,
            MeterRegistry registry) {
        if (!properties.redis().enabled()) {
            return new InProcessBus();
        }
        return new RedisBus(redis.getIfAvailable(), properties.redis().namespace(), node.id(), registry);
    }

    @Bean
    PresenceTracker presenceTracker(
            ParleyProperties properties, ObjectProvider<RedisConnections> redis, NodeIdentity node) {
        if (!properties.redis().enabled()) {
            return new InMemoryPresenceTracker();
        }
        return new RedisPresenceTracker(
                redis.getIfAvailable(),
                properties.redis().namespace(),
                node.id(),
                properties.redis().presenceTtl(),
                properties.realtime().presenceGrace());
    }

    @Bean
    CommandParser commandParser(JsonMapper json) {
        return new CommandParser(json);
    }
}
