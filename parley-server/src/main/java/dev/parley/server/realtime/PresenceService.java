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
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Announces users going online and offline to the people they share chats with. Going offline is
 * announced only after a grace period without any connection, so a page reload does not flap.
 */
@Component
final class PresenceService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PresenceService.class);

    private final PresenceTracker tracker;
    private final StreamStore streams;
    private final Bus bus;
    private final Frames frames;
    private final Blocking blocking;
    private final Clock clock;
    private final Duration grace;
    private final int maxMembers;
    private final Map<Long, Disposable> pendingOffline = new ConcurrentHashMap<>();

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
    }

    void connected(Connection c) {
        if (!tracker.connected(c.userId, c.id, clock.instant())) {
            return;
        }
        Disposable offline = pendingOffline.remove(c.userId);
        if (offline != null) {
            offline.dispose(); // back within the grace period: nobody was told it left
            return;
        }
        announce(c.userId, true, null);
    }

    void disconnected(Connection c) {
        if (!tracker.disconnected(c.userId, c.id, clock.instant())) {
            return;
        }
        long userId = c.userId;
        Disposable timer = Mono.delay(grace).subscribe(t -> {
            pendingOffline.remove(userId);
            if (!tracker.isOnline(userId)) {
                announce(userId, false, tracker.lastSeen(userId).orElse(clock.instant()));
            }
        });
        Disposable previous = pendingOffline.put(userId, timer);
        if (previous != null) {
            previous.dispose();
        }
    }

    private void announce(long userId, boolean online, Instant lastSeen) {
        byte[] frame = frames.bytes(new Frame.Presence(userId, online, lastSeen));
        blocking.call(() -> streams.contacts(userId, maxMembers))
                .subscribe(
                        contacts -> bus.publish(new BusMessage.UserSignal(Set.copyOf(contacts), null, 0, frame)),
                        error -> log.debug("presence of user {} not announced: {}", userId, error.toString()));
    }
}
