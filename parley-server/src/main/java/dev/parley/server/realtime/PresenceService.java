package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.StreamStore;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.web.Blocking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Announces users going online and offline to the people they share chats with. The tracker says
 * when a user becomes online, starts leaving (their last connection closed) and, after the grace
 * period, is offline: each transition happens once in the cluster, so it is announced once. A
 * reconnect within the grace period, to this node or another, announces nothing.
 */
@Component
final class PresenceService {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private final PresenceTracker tracker;
    private final StreamStore streams;
    private final Bus bus;
    private final Frames frames;
    private final Blocking blocking;
    private final Clock clock;
    private final Duration grace;
    private final int maxMembers;
    /** Each open connection's registration, so that its end is recorded after it. */
    private final Map<String, CompletionStage<Boolean>> registered = new ConcurrentHashMap<>();

    PresenceService(
            PresenceTracker tracker,
            StreamStore streams,
            Bus bus,
            Frames frames,
            Blocking blocking,
            Clock clock,
            ParleyProperties properties) {
        this.tracker = tracker;
        this.streams = streams;
        this.bus = bus;
        this.frames = frames;
        this.blocking = blocking;
        this.clock = clock;
        this.grace = properties.realtime().presenceGrace();
        this.maxMembers = properties.realtime().presenceMaxMembers();
        tracker.onDiscovered(this::announce);
    }

    void connected(Connection c) {
        CompletionStage<Boolean> online = tracker.connected(c.userId, c.id, clock.instant());
        registered.put(c.id, online);
        online.whenComplete((first, error) -> {
            if (error != null) {
                log.debug("presence of user {} not recorded: {}", c.userId, error.toString());
            } else if (first) {
                announce(c.userId, true, null);
            }
        });
    }

    void disconnected(Connection c) {
        CompletionStage<Boolean> online = registered.remove(c.id);
        CompletionStage<Boolean> before = online == null ? CompletableFuture.completedFuture(false) : online;
        Instant at = clock.instant();
        before.handle((ignored, error) -> null)
                .thenCompose(ignored -> tracker.disconnected(c.userId, c.id, at))
                .whenComplete((last, error) -> {
                    if (error != null) {
                        log.debug("presence of user {} not recorded: {}", c.userId, error.toString());
                    } else if (last) {
                        Mono.delay(grace).subscribe(t -> leave(c.userId, at));
                    }
                });
    }

    /** The grace period is over: offline, unless a connection came back meanwhile (anywhere). */
    private void leave(long userId, Instant lastSeen) {
        tracker.leave(userId, clock.instant()).whenComplete((offline, error) -> {
            if (error != null) {
                log.debug("presence of user {} not recorded: {}", userId, error.toString());
            } else if (offline) {
                announce(userId, false, lastSeen);
            }
        });
    }

    private void announce(long userId, boolean online, Instant lastSeen) {
        byte[] frame = frames.bytes(new Frame.Presence(userId, online, lastSeen));
        blocking.call(() -> streams.contacts(userId, maxMembers))
                .subscribe(
                        contacts -> {
                            if (!contacts.isEmpty()) {
                                bus.publish(new BusMessage.UserSignal(Set.copyOf(contacts), null, 0, frame));
                            }
                        },
                        error -> log.debug("presence of user {} not announced: {}", userId, error.toString()));
    }
}
