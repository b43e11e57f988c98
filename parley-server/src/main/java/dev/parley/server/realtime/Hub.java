package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * This node's live connections and the chat streams they follow. Bus messages come in here and go
 * out to the connections they concern; nothing is kept for chats no local connection follows.
 */
@Component
final class Hub implements SmartLifecycle {

    private final Map<Long, ChatStream> streams = new ConcurrentHashMap<>();
    private volatile boolean running;
    private final Timer latency;
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Replayer replayer;
    private final Duration gapTimeout;
    private final int batch;
    private final int maxPending;
    private final Duration pingInterval;
    private final long idleNanos;
    private Disposable heartbeat;
    private final Clock clock;

    Hub(Bus bus, Replayer replayer, ParleyProperties properties, MeterRegistry registry, Clock clock) {
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
        PrometheusGauges.register(
                registry, "chats_alive_total", "Chats with at least one connected member", this::liveChatCount);
        PrometheusGauges.register(
                registry, "users_online_total", "Distinct users with at least one connection", byUser::size);
        this.replayer = replayer;
        this.gapTimeout = properties.realtime().gapTimeout();
        this.batch = properties.realtime().maxReplay();
        this.maxPending = properties.realtime().maxHeldEvents();
        this.pingInterval = properties.realtime().pingInterval();
        this.idleNanos = properties.realtime().idleTimeout().toNanos();
        bus.subscribe(this::onMessage);
    }

    void register(Connection c) {
        byUser.computeIfAbsent(c.userId, id -> ConcurrentHashMap.newKeySet()).add(c);
    }

    void unregister(Connection c) {
        byUser.computeIfPresent(c.userId, (id, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
        for (long chatId : c.followed()) {
            unfollow(c, chatId);
        }
        c.ended();
    }

    /** Starts delivering a chat to a connection from {@code cursor}; {@code lastSeq} is the chat's, as just read. */
    void follow(Connection c, long chatId, long cursor, long lastSeq) {
        streams.compute(chatId, (id, stream) -> {
            ChatStream s = stream != null
                    ? stream
                    : new ChatStream(
                            id,
                            lastSeq,
                            replayer,
                            gapTimeout,
                            batch,
                            maxPending,
                            this::connectionsOf,
                            nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
            s.add(c, cursor);
            return s;
        });
    }

    int connectionCount() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    int liveChatCount() {
        return streams.size();
    }

    private void unfollow(Connection c, long chatId) {
        streams.computeIfPresent(chatId, (id, s) -> {
            s.remove(c);
            return s.isEmpty() ? null : s;
        });
    }

    private Collection<Connection> connectionsOf(long userId) {
        Set<Connection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    private void onMessage(BusMessage message) {
        if (message instanceof BusMessage.StreamEvent e) {
            onStreamEvent(e);
        } else if (message instanceof BusMessage.ChatSignal s) {
            ChatStream stream = streams.get(s.chatId());
            if (stream != null) {
                stream.signal(s.frame(), s.onlyUserIds() == null ? user -> true : s.onlyUserIds()::contains);
            }
        } else if (message instanceof BusMessage.UserSignal s) {
            for (long userId : s.userIds()) {
                for (Connection c : connectionsOf(userId)) {
                    if (s.addedChatId() != null && c.started()) {
                        follow(c, s.addedChatId(), s.lastSeq(), s.lastSeq());
                    }
                    c.signal(s.frame());
                }
            }
        }
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
            streams.computeIfPresent(e.chatId(), (id, s) -> s.isEmpty() ? null : s);
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
