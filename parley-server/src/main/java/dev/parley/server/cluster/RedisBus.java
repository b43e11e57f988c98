package dev.parley.server.cluster;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.Topic;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on Redis sharded pub/sub: one channel per chat ({@code <ns>:c:<id>}) and one per
 * user ({@code <ns>:u:<id>}); a node subscribes only to the chats its connections follow and the
 * users connected to it, so no node receives what none of its clients needs.
 *
 * <p>A message is encoded once ({@link BusCodec}) and published once per topic; a user signal once
 * per user. The publishing node hands it to its own receiver at once and drops its own copies
 * coming back. Publishing never waits: a message that cannot be published (Redis away, the request
 * queue full) is counted and dropped, and the other nodes recover stream events from the store.
 *
 * <p>Subscriptions are reconciled with what the hub wants: Lettuce re-subscribes after a reconnect,
 * topics wanted while Redis was away are subscribed once it is back, and a confirmation for a topic
 * no longer wanted is answered with an unsubscribe. Every confirmation tells the receiver the topic
 * is live again, so it re-reads what it may have missed.
 */
public final class RedisBus implements Bus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final String node;
    private final String chatPrefix;
    private final String userPrefix;
    private final String nodesChannel;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final Map<Topic, CompletableFuture<Void>> wanted = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter publishFailures;
    private final Counter received;
    private final Listener listener = new Listener();
    private volatile Receiver receiver;
    private volatile boolean connected = true;

    public RedisBus(RedisConnections redis, String namespace, String node, MeterRegistry registry) {
        this.node = node;
        this.chatPrefix = namespace + ":c:";
        this.userPrefix = namespace + ":u:";
        this.nodesChannel = namespace + ":n";
        this.subscriber = redis.pubSub();
        this.subscriber.addListener((RedisPubSubListener<byte[], byte[]>) listener);
        this.subscriber.addListener((RedisConnectionStateListener) listener);
        this.publisher = redis.bytes();
        this.published = Counter.builder("parley.bus.published")
                .description("Messages published to Redis (one per topic)")
                .register(registry);
        this.publishFailures = Counter.builder("parley.bus.publish.failures")
                .description(
                        "Messages that could not be published to Redis (other nodes recover events from the store)")
                .register(registry);
        this.received = Counter.builder("parley.bus.received")
                .description("Messages received from other nodes")
                .register(registry);
        Gauge.builder("parley.bus.topics", wanted, Map::size)
                .description("Topics (chats and users) this node listens to")
                .register(registry);
        Gauge.builder("parley.bus.connected", this, bus -> bus.connected ? 1 : 0)
                .description("1 while this node hears the other nodes through Redis")
                .register(registry);
    }

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void publish(BusMessage message) {
        List<Topic> topics = message.topics();
        Receiver r = receiver;
        if (r != null && topics.stream().anyMatch(wanted::containsKey)) {
            r.received(message); // local first: never waits for Redis
        }
        message.accept(new BusMessage.Visitor<Void>() {
            @Override
            public Void stream(BusMessage.StreamEvent e) {
                send(topics, BusCodec.encode(node, e));
                return null;
            }

            @Override
            public Void chatSignal(BusMessage.ChatSignal s) {
                send(topics, BusCodec.encode(node, s));
                return null;
            }

            @Override
            public Void userSignal(BusMessage.UserSignal s) {
                for (long userId : s.userIds()) {
                    send(List.of(Topic.user(userId)), BusCodec.encode(node, s.only(userId)));
                }
                return null;
            }

            @Override
            public Void sessionEnded(BusMessage.SessionEnded ended) {
                send(topics, BusCodec.encode(node, ended));
                return null;
            }
        });
    }

    private void send(List<Topic> topics, byte[] payload) {
        for (Topic topic : topics) {
            try {
                publisher.async().spublish(channel(topic), payload).whenComplete((listeners, error) -> {
                    if (error != null) {
                        publishFailures.increment();
                    }
                });
                published.increment();
            } catch (RuntimeException e) {
                publishFailures.increment(); // refused at once: disconnected, or the queue is full
            }
        }
    }

    @Override
    public CompletionStage<Void> listen(Topic topic) {
        boolean[] added = {false};
        CompletableFuture<Void> live = wanted.computeIfAbsent(topic, t -> {
            added[0] = true;
            return new CompletableFuture<>();
        });
        if (added[0]) {
            subscribe(List.of(topic));
        }
        return live;
    }

    @Override
    public void unlisten(Topic topic) {
        CompletableFuture<Void> live = wanted.remove(topic);
        if (live != null) {
            live.complete(null); // nobody waits for a topic no longer wanted
            unsubscribe(channel(topic));
        }
    }

    private void subscribe(List<Topic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        byte[][] channels = topics.stream().map(this::channel).toArray(byte[][]::new);
        try {
            subscriber.async().ssubscribe(channels);
        } catch (RuntimeException e) {
            log.debug("Subscription deferred until Redis is back: {}", e.getMessage());
        }
    }

    private void unsubscribe(byte[] channel) {
        try {
            subscriber.async().sunsubscribe(channel);
        } catch (RuntimeException e) {
            log.debug("Unsubscription deferred until Redis is back: {}", e.getMessage());
        }
    }

    byte[] channel(Topic topic) {
        String name = switch (topic.kind()) {
            case CHAT -> chatPrefix + topic.id();
            case USER -> userPrefix + topic.id();
            case NODES -> nodesChannel;
        };
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** The topic of a channel of this namespace; null for anything else. */
    Topic topic(byte[] channel) {
        String name = new String(channel, StandardCharsets.UTF_8);
        if (name.equals(nodesChannel)) {
            return Topic.nodes();
        }
        try {
            if (name.startsWith(chatPrefix)) {
                return Topic.chat(Long.parseLong(name.substring(chatPrefix.length())));
            }
            if (name.startsWith(userPrefix)) {
                return Topic.user(Long.parseLong(name.substring(userPrefix.length())));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    @Override
    public void close() {
        subscriber.closeAsync();
        publisher.closeAsync();
    }

    /** Messages and subscription confirmations from Redis, and the state of the subscriber connection. */
    private final class Listener extends RedisPubSubAdapter<byte[], byte[]> implements RedisConnectionStateListener {

        @Override
        public void smessage(byte[] channel, byte[] payload) {
            BusCodec.Decoded decoded;
            try {
                decoded = BusCodec.decode(payload);
            } catch (IllegalArgumentException e) {
                log.warn("Ignored a bus message this node cannot read: {}", e.getMessage());
                return;
            }
            Receiver r = receiver;
            if (node.equals(decoded.node()) || r == null) {
                return; // our own, already delivered here when it was published
            }
            received.increment();
            r.received(decoded.message());
        }

        @Override
        public void ssubscribed(byte[] channel, long count) {
            Topic topic = topic(channel);
            if (topic == null) {
                return;
            }
            CompletableFuture<Void> live = wanted.get(topic);
            if (live == null) {
                unsubscribe(channel); // re-subscribed after a reconnect, but no longer wanted
                return;
            }
            live.complete(null);
            Receiver r = receiver;
            if (r != null) {
                r.listening(topic);
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection != subscriber || !connected) {
                return;
            }
            connected = false;
            log.warn("Redis is unreachable: cross-node events are read from the store until it is back");
            Receiver r = receiver;
            if (r != null) {
                r.connected(false);
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (connection != subscriber || connected) {
                return;
            }
            connected = true;
            log.info("Redis is back ({}): resubscribing", address);
            List<Topic> pending = new ArrayList<>();
            wanted.forEach((topic, live) -> {
                if (!live.isDone()) {
                    pending.add(topic); // wanted while Redis was away: Lettuce does not know them
                }
            });
            subscribe(pending);
            Receiver r = receiver;
            if (r != null) {
                r.connected(true);
            }
        }
    }
}
