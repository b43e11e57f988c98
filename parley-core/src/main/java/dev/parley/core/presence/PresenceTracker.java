package dev.parley.core.presence;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Who is connected, across every node: a user is online while at least one of their connections
 * is open anywhere.
 *
 * <p>Going offline has a grace period, so that a reload or a reconnect to another node does not
 * flap: when a user's last connection closes they are <em>leaving</em>; only {@link #leave} after
 * the grace period makes them offline, and only if no connection came back meanwhile (on any
 * node). Each transition is reported exactly once, to the one caller that made it, so it is
 * announced once in the whole cluster.
 *
 * <p>Thread-safe. Methods never block: they answer with a stage, which completes on the tracker's
 * threads (or at once). Calls for one connection must be made in order (connected, then
 * disconnected).
 */
public interface PresenceTracker {

    /** Records an open connection; true when it made the user online (they were offline). */
    CompletionStage<Boolean> connected(long userId, String connectionId, Instant at);

    /** Records a closed connection; true when the user has no connection left (now leaving). */
    CompletionStage<Boolean> disconnected(long userId, String connectionId, Instant at);

    /**
     * Ends the grace period of a leaving user: true when they are now offline (no connection came
     * back), with {@link Status#lastSeen} the time their last connection closed.
     */
    CompletionStage<Boolean> leave(long userId, Instant at);

    /**
     * The presence of each of the users, in one round trip: online (or leaving: still shown online
     * within the grace period), or the time they were last seen (null when never seen).
     */
    CompletionStage<Map<Long, Status>> status(Collection<Long> userIds);

    /**
     * Sets who hears of transitions the tracker finds itself rather than through a call: users gone
     * offline because the node that held their connections stopped without closing them (it
     * crashed, or lost its network), and users back online once such a node is heard from again.
     * Each is reported once in the whole cluster, on one node. A single-node tracker finds none (its
     * connections die with it).
     */
    default void onDiscovered(Transition listener) {}

    /** A user went online ({@code lastSeen} null) or offline (with when they were last seen). */
    interface Transition {
        void changed(long userId, boolean online, Instant lastSeen);
    }

    /** A user's presence; {@code lastSeen} is null while online or when never seen. */
    record Status(boolean online, Instant lastSeen) {

        public static final Status UNKNOWN = new Status(false, null);
    }
}
