package dev.parley.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What presence guarantees across nodes, on top of {@link PresenceTrackerContract}: trackers opened
 * by one test share one cluster; a node can be made to stop as a crash would, or be cut off.
 */
public abstract class ClusterPresenceContract extends PresenceTrackerContract {

    /** Stops the node as a crash would: no connection is closed, nothing is cleaned up. */
    protected abstract void crash(PresenceTracker node) throws Exception;

    /** Cuts the node off the cluster, and lets it back. */
    protected abstract void cutOff(PresenceTracker node) throws Exception;

    protected abstract void restore(PresenceTracker node) throws Exception;

    /** Longer than it takes a silent node's users to be found offline. */
    protected abstract java.time.Duration expiry();

    record Change(long userId, boolean online, Instant lastSeen) {}

    protected static BlockingQueue<Change> discoveries(PresenceTracker node) {
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        node.onDiscovered((userId, online, lastSeen) -> changes.add(new Change(userId, online, lastSeen)));
        return changes;
    }

    @Test
    void aUserIsOnlineWhileAnyNodeHoldsAConnection() throws Exception {
        PresenceTracker a = node();
        PresenceTracker b = node();
        long alice = user();

        assertThat(get(a.connected(alice, "a1", now))).isTrue();
        assertThat(get(b.connected(alice, "b1", now))).as("already online").isFalse();
        assertThat(get(a.disconnected(alice, "a1", now)))
                .as("b still holds one")
                .isFalse();
        assertThat(get(a.status(List.of(alice))).get(alice).online()).isTrue();
        assertThat(get(b.disconnected(alice, "b1", now))).isTrue();
    }

    @Test
    void closingOnOneNodeAndReconnectingToAnotherWithinTheGracePeriodDoesNotFlap() throws Exception {
        PresenceTracker a = node();
        PresenceTracker b = node();
        long alice = user();
        get(a.connected(alice, "a1", now));
        assertThat(get(a.disconnected(alice, "a1", now))).isTrue();

        assertThat(get(b.connected(alice, "b1", now))).as("no online").isFalse();
        assertThat(get(a.leave(alice, now))).as("no offline").isFalse();
        assertThat(get(b.status(List.of(alice))).get(alice).online()).isTrue();
    }

    @Test
    void theUsersOfACrashedNodeGoOfflineOnceWithinTheBound() throws Exception {
        PresenceTracker crashing = node();
        PresenceTracker b = node();
        PresenceTracker c = node();
        BlockingQueue<Change> seenByB = discoveries(b);
        BlockingQueue<Change> seenByC = discoveries(c);
        long alice = user();
        long bob = user();
        get(crashing.connected(alice, "x1", now));
        get(b.connected(bob, "b1", now));

        crash(crashing);

        Change change = poll(seenByB, seenByC, expiry());
        assertThat(change).as("alice found offline within " + expiry()).isNotNull();
        assertThat(change.userId()).isEqualTo(alice);
        assertThat(change.online()).isFalse();
        assertThat(change.lastSeen()).isNotNull();
        assertThat(poll(seenByB, seenByC, expiry())).as("once, and bob stays").isNull();
        assertThat(get(b.status(List.of(alice, bob))))
                .satisfies(s -> assertThat(s.get(alice).online()).isFalse())
                .satisfies(s -> assertThat(s.get(bob).online()).isTrue());
    }

    @Test
    void aNodeBackFromACutMakesItsUsersOnlineAgain() throws Exception {
        PresenceTracker cut = node();
        PresenceTracker b = node();
        BlockingQueue<Change> seenByCut = discoveries(cut);
        BlockingQueue<Change> seenByB = discoveries(b);
        long alice = user();
        get(cut.connected(alice, "x1", now));

        cutOff(cut);
        Change gone = seenByB.poll(expiry().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(gone).isNotNull();
        assertThat(gone.online()).isFalse();
        restore(cut);

        Change back = seenByCut.poll(expiry().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(back).as("alice's node is heard from again").isNotNull();
        assertThat(back.userId()).isEqualTo(alice);
        assertThat(back.online()).isTrue();
        assertThat(get(b.status(List.of(alice))).get(alice).online()).isTrue();
    }

    private static Change poll(BlockingQueue<Change> one, BlockingQueue<Change> other, java.time.Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Change c = one.poll(20, TimeUnit.MILLISECONDS);
            if (c == null) {
                c = other.poll();
            }
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
