package dev.parley.server.cluster;

import dev.parley.server.config.ParleyProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * This node's Redis client, set up for a cluster that must keep serving while Redis is away:
 * reconnects back off to at most {@code reconnect-max-delay} (Lettuce's default grows to 30 s),
 * commands are refused at once while disconnected instead of queuing, at most {@code
 * request-queue} commands wait per connection, commands time out after a few seconds, and TCP
 * keep-alives notice a silent network within about 10 s.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final ClientResources resources;
    private final RedisClient client;

    public RedisConnections(ParleyProperties.Redis settings) {
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(50),
                        settings.reconnectMaxDelay(),
                        2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.url());
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueue())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .keepAlive(SocketOptions.KeepAliveOptions.builder()
                                .enable()
                                .idle(Duration.ofSeconds(5))
                                .interval(Duration.ofSeconds(2))
                                .count(3)
                                .build())
                        .build())
                .build());
    }

    RedisClient client() {
        return client;
    }

    StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
        return connect(() -> client.connectPubSub(ByteArrayCodec.INSTANCE));
    }

    StatefulRedisConnection<byte[], byte[]> bytes() {
        return connect(() -> client.connect(ByteArrayCodec.INSTANCE));
    }

    StatefulRedisConnection<String, String> strings() {
        return connect(() -> client.connect(StringCodec.UTF8));
    }

    /** Opens a connection; a Redis that does not answer at start-up stops the node with a clear message. */
    private static <C> C connect(java.util.function.Supplier<C> open) {
        try {
            return open.get();
        } catch (RedisConnectionException e) {
            throw new IllegalStateException(
                    "cannot reach Redis (parley.redis.url): " + e.getMessage()
                            + "; start Redis or fix the URL (a cluster node needs Redis at start-up)",
                    e);
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
