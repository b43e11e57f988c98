package dev.parley.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceTracker} guarantees to one node. */
public abstract class PresenceTrackerContract {

    private static final AtomicLong USERS = new AtomicLong(1_000_000 + System.nanoTime() % 1_000_000);
    protected final List<AutoCloseable> opened = new ArrayList<>();
    protected final Instant now = Instant.parse("2026-11-29T12:00:00Z");

    /** A new tracker (a node), closed after each test. */
    protected abstract PresenceTracker open() throws Exception;

    protected PresenceTracker node() throws Exception {
        PresenceTracker t = open();
        if (t instanceof AutoCloseable c) {
            opened.add(c);
        }
        return t;
    }

    @AfterEach
    void closeTrackers() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** A user id no other test uses. */
    protected static long user() {
        return USERS.incrementAndGet();
    }

    protected static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void theFirstConnectionMakesAUserOnlineAndTheNextOnesDoNot() throws Exception {
        PresenceTracker tracker = node();
        long alice = user();

        assertThat(get(tracker.connected(alice, "c1", now))).isTrue();
        assertThat(get(tracker.connected(alice, "c2", now))).isFalse();
        assertThat(get(tracker.status(List.of(alice))).get(alice).online()).isTrue();
    }

    @Test
    void theLastConnectionClosingStartsLeavingAndLeaveMakesTheUserOfflineOnce() throws Exception {
        PresenceTracker tracker = node();
        long alice = user();
        get(tracker.connected(alice, "c1", now));
        get(tracker.connected(alice, "c2", now));

        assertThat(get(tracker.disconnected(alice, "c2", now))).isFalse();
        assertThat(get(tracker.disconnected(alice, "c1", now))).isTrue();
        assertThat(get(tracker.status(List.of(alice))).get(alice).online())
                .as("still shown online within the grace period")
                .isTrue();
        assertThat(get(tracker.leave(alice, now))).isTrue();
        assertThat(get(tracker.leave(alice, now))).as("once").isFalse();

        PresenceTracker.Status offline = get(tracker.status(List.of(alice))).get(alice);
        assertThat(offline.online()).isFalse();
        assertThat(offline.lastSeen()).isNotNull();
    }

    @Test
    void aReconnectWithinTheGracePeriodAnnouncesNothing() throws Exception {
        PresenceTracker tracker = node();
        long alice = user();
        get(tracker.connected(alice, "c1", now));
        get(tracker.disconnected(alice, "c1", now));

        assertThat(get(tracker.connected(alice, "c2", now)))
                .as("no online again")
                .isFalse();
        assertThat(get(tracker.leave(alice, now))).as("no offline").isFalse();
        assertThat(get(tracker.status(List.of(alice))).get(alice).online()).isTrue();
    }

    @Test
    void answersManyUsersAtOnceAndKnowsNothingOfStrangers() throws Exception {
        PresenceTracker tracker = node();
        long alice = user();
        long bob = user();
        long stranger = user();
        get(tracker.connected(alice, "a", now));
        get(tracker.connected(bob, "b", now));
        get(tracker.disconnected(bob, "b", now));
        get(tracker.leave(bob, now));

        Map<Long, PresenceTracker.Status> status = get(tracker.status(List.of(alice, bob, stranger)));

        assertThat(status.get(alice).online()).isTrue();
        assertThat(status.get(alice).lastSeen()).isNull();
        assertThat(status.get(bob).online()).isFalse();
        assertThat(status.get(bob).lastSeen()).isNotNull();
        assertThat(status.get(stranger)).isEqualTo(new PresenceTracker.Status(false, null));
        assertThat(get(tracker.status(List.of()))).isEmpty();
    }

    @Test
    void closingAConnectionNeverOpenedChangesNothing() throws Exception {
        PresenceTracker tracker = node();
        long alice = user();
        get(tracker.connected(alice, "c1", now));

        assertThat(get(tracker.disconnected(alice, "other", now))).isFalse();
        assertThat(get(tracker.status(List.of(alice))).get(alice).online()).isTrue();
    }
}
