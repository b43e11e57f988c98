package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.Topic;
import dev.parley.server.account.EndedSessions;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.metrics.PrometheusGauges;
import dev.parley.server.realtime.protocol.CloseCodes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * This node's live connections and the chat streams they follow. Bus messages come in here and go
 * out, on their chat's fan-out shard, to the connections they concern; nothing is kept for chats no
 * local connection follows, and the bus is told to listen only to those chats and to the users
 * connected here.
 */
@Component
final class Hub implements SmartLifecycle, Bus.Receiver {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Map<Long, ChatStream> streams = new ConcurrentHashMap<>();
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Bus bus;
    private final FanoutShards shards;
    private final Replayer replayer;
    private final Timer latency;
    private final Duration gapTimeout;
    private final int batch;
    private final int maxPending;
    private final Duration pingInterval;
    private final long idleNanos;
    private final Clock clock;
    private final EndedSessions endedSessions;
    private volatile Consumer<Boolean> connectivity = up -> {};
    private volatile boolean running;
    private Disposable heartbeat;

    Hub(
            Bus bus,
            FanoutShards shards,
            Replayer replayer,
            ParleyProperties properties,
            MeterRegistry registry,
            PrometheusGauges gauges,
            EndedSessions endedSessions,
            Clock clock) {
        this.bus = bus;
        this.shards = shards;
        this.clock = clock;
        this.latency = Timer.builder("chat.messages.latency")
                .description(
                        "From the server receiving a message to the transport taking it for the last online member")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1))
                .register(registry);
        Gauge.builder("chat.connections", this, Hub::connectionCount)
                .description("Open WebSocket connections")
                .register(registry);
        gauges.register("chats_alive_total", "Chats with at least one connected member", this::liveChatCount);
        gauges.register("users_online_total", "Distinct users with at least one connection", byUser::size);
        this.replayer = replayer;
        this.gapTimeout = properties.realtime().gapTimeout();
        this.batch = properties.realtime().maxReplay();
        this.maxPending = properties.realtime().maxHeldEvents();
        this.pingInterval = properties.realtime().pingInterval();
        this.idleNanos = properties.realtime().idleTimeout().toNanos();
        this.endedSessions = endedSessions;
        bus.start(this);
        bus.listen(Topic.nodes());
    }

    /** A new connection: the bus starts listening to its user (for signals and chats added). */
    void register(Connection c) {
        byUser.compute(c.userId, (id, set) -> {
            Set<Connection> s = set != null ? set : ConcurrentHashMap.newKeySet();
            if (s.isEmpty()) {
                bus.listen(Topic.user(id));
            }
            s.add(c);
            return s;
        });
    }

    /**
     * Completes once the bus delivers the connection's user topic (at once when it already did), so
     * nothing announced to the user after that is missed.
     */
    CompletionStage<Void> userTopicReady(Connection c) {
        return byUser.containsKey(c.userId)
                ? bus.listen(Topic.user(c.userId))
                : CompletableFuture.completedFuture(null);
    }

    void unregister(Connection c) {
        byUser.computeIfPresent(c.userId, (id, set) -> {
            set.remove(c);
            if (set.isEmpty()) {
                bus.unlisten(Topic.user(id));
                return null;
            }
            return set;
        });
        for (long chatId : c.followed()) {
            unfollow(c, chatId);
        }
        c.ended();
    }

    /**
     * Starts delivering a chat to a connection from {@code cursor}; {@code lastSeq} is the chat's,
     * as just read from the store. A stream that has not got that far yet (its events are still on
     * their way, or were lost) reads the rest from the store.
     */
    void follow(Connection c, long chatId, long cursor, long lastSeq) {
        ChatStream stream = streams.compute(chatId, (id, s) -> {
            ChatStream followed = s != null ? s : newStream(id, lastSeq);
            followed.add(c, cursor);
            return followed;
        });
        if (stream.delivered() < lastSeq) {
            stream.resync();
        }
    }

    /** A stream for a chat this node starts following: the bus starts listening to the chat. */
    private ChatStream newStream(long chatId, long lastSeq) {
        bus.listen(Topic.chat(chatId));
        return new ChatStream(
                chatId,
                lastSeq,
                replayer,
                gapTimeout,
                batch,
                maxPending,
                this::connectionsOf,
                nanos -> latency.record(nanos, TimeUnit.NANOSECONDS),
                task -> shards.execute(chatId, task));
    }

    private void unfollow(Connection c, long chatId) {
        streams.computeIfPresent(chatId, (id, s) -> {
            s.remove(c);
            return dropIfEmpty(id, s);
        });
    }

    /** Null (removing the stream) when no connection follows it any more; the bus stops listening. */
    private ChatStream dropIfEmpty(long chatId, ChatStream s) {
        if (!s.isEmpty()) {
            return s;
        }
        bus.unlisten(Topic.chat(chatId));
        return null;
    }

    int connectionCount() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    int liveChatCount() {
        return streams.size();
    }

    /** The followed chats with the last seq each delivered, for a check against the store. */
    Map<Long, Long> deliveredByChat() {
        Map<Long, Long> delivered = new HashMap<>();
        streams.forEach((chatId, s) -> delivered.put(chatId, s.delivered()));
        return delivered;
    }

    /** Makes the chat's stream (if followed here) read what followed its last event from the store. */
    void resync(long chatId) {
        ChatStream stream = streams.get(chatId);
        if (stream != null) {
            stream.resync();
        }
    }

    /** The users with a connection here. */
    Set<Long> users() {
        return Set.copyOf(byUser.keySet());
    }

    Collection<Connection> connectionsOf(long userId) {
        Set<Connection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Who is told when the bus stops or starts hearing from the other nodes. */
    void onConnectivity(Consumer<Boolean> listener) {
        this.connectivity = listener;
    }

    /** Every message is handled on the fan-out shard of its chat (user signals: of their chat or first user). */
    @Override
    public void received(BusMessage message) {
        message.accept(routing);
    }

    private final BusMessage.Visitor<Void> routing = new BusMessage.Visitor<>() {
        @Override
        public Void stream(BusMessage.StreamEvent e) {
            try {
                shards.execute(e.chatId(), () -> onStreamEvent(e));
            } catch (RejectedExecutionException full) {
                resync(e.chatId()); // a full shard on an event loop: the stream reads it from the store
            }
            return null;
        }

        @Override
        public Void chatSignal(BusMessage.ChatSignal s) {
            shards.offer(s.chatId(), () -> onChatSignal(s)); // a signal may be dropped; never waits
            return null;
        }

        @Override
        public Void userSignal(BusMessage.UserSignal s) {
            long key = s.addedChatId() != null
                    ? s.addedChatId()
                    : s.userIds().iterator().next();
            try {
                shards.execute(key, () -> onUserSignal(s));
            } catch (RejectedExecutionException full) {
                log.debug("User signal dropped: {}", full.getMessage()); // signals are not recovered
            }
            return null;
        }

        /** Here, at once: the session's tokens are refused from now on, its sockets closed. */
        @Override
        public Void sessionEnded(BusMessage.SessionEnded ended) {
            endedSessions.end(ended.sessionId());
            for (Connection c : connectionsOf(ended.userId())) {
                if (ended.sessionId().equals(c.sessionId())) {
                    c.close(CloseCodes.SESSION_ENDED);
                }
            }
            return null;
        }
    };

    @Override
    public void listening(Topic topic) {
        switch (topic.kind()) {
            case CHAT -> resync(topic.id()); // anything published before the subscription was in place
            case USER -> {} // a user's connections resume after their topic is live (userTopicReady)
            case NODES -> {} // control messages only, nothing to re-read
        }
    }

    @Override
    public void connected(boolean connected) {
        connectivity.accept(connected);
    }

    private void onChatSignal(BusMessage.ChatSignal s) {
        ChatStream stream = streams.get(s.chatId());
        if (stream != null) {
            stream.signal(s.frame(), s.onlyUserIds() == null ? user -> true : s.onlyUserIds()::contains);
        }
    }

    private void onUserSignal(BusMessage.UserSignal s) {
        for (long userId : s.userIds()) {
            for (Connection c : connectionsOf(userId)) {
                if (s.addedChatId() != null) {
                    addChat(c, s.addedChatId(), s.lastSeq(), s.frame());
                } else {
                    c.signal(s.frame());
                }
            }
        }
    }

    /**
     * A chat the connection's user now belongs to: followed from {@code lastSeq} (when live delivery
     * started), with its {@code chat_added} frame. On the chat's shard, so no event of the chat
     * slips between the two.
     */
    void chatAdded(Connection c, long chatId, long lastSeq, byte[] frame) {
        shards.execute(chatId, () -> addChat(c, chatId, lastSeq, frame));
    }

    private void addChat(Connection c, long chatId, long lastSeq, byte[] frame) {
        if (c.started()) {
            follow(c, chatId, lastSeq, lastSeq);
        }
        c.signal(frame);
    }

    private void onStreamEvent(BusMessage.StreamEvent e) {
        ChatStream stream = streams.get(e.chatId());
        if (stream == null && e.subjectUserId() != null && e.joined()) {
            // a member joined whose connections follow nothing of this chat yet: start its stream here
            for (Connection c : connectionsOf(e.subjectUserId())) {
                if (c.started()) {
                    follow(c, e.chatId(), e.seq() - 1, e.seq() - 1);
                }
            }
            stream = streams.get(e.chatId());
        }
        if (stream == null) {
            return;
        }
        stream.offer(e);
        if (stream.isEmpty()) {
            streams.computeIfPresent(e.chatId(), this::dropIfEmpty);
        }
    }

    /**
     * On shutdown every client is told to reconnect elsewhere (1001 going away), before the web
     * server starts its graceful shutdown (which would otherwise wait for the sockets to end).
     */
    @Override
    public void stop() {
        running = false;
        if (heartbeat != null) {
            heartbeat.dispose();
        }
        byUser.values().forEach(set -> set.forEach(c -> c.close(CloseCodes.GOING_AWAY)));
    }

    /**
     * One timer for every connection: each ping interval, a ping; or 4003 once its access token ran
     * out, or 4010 once the client went quiet for the idle timeout.
     */
    @Override
    public void start() {
        running = true;
        heartbeat = Flux.interval(pingInterval).subscribe(tick -> heartbeat(System.nanoTime(), clock.instant()));
    }

    void heartbeat(long nanos, Instant now) {
        for (Set<Connection> connections : byUser.values()) {
            for (Connection c : connections) {
                if (c.expiredAt(now)) {
                    c.close(CloseCodes.TOKEN_EXPIRED);
                } else if (nanos - c.lastInboundNanos() > idleNanos) {
                    c.close(CloseCodes.IDLE_TIMEOUT);
                } else {
                    c.ping();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown phase (DEFAULT_PHASE - 1024). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
