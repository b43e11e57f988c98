package dev.parley.core.presence;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who is connected: a user is online while at least one of their connections is open, on any
 * node. Thread-safe; calls do not block on I/O for long.
 */
public interface PresenceTracker {

    /** Records an open connection; true when it made the user online (their first connection). */
    boolean connected(long userId, String connectionId, Instant at);

    /** Records a closed connection; true when the user has no connection left. */
    boolean disconnected(long userId, String connectionId, Instant at);

    boolean isOnline(long userId);

    /** When the user's last connection closed; empty when online or never seen. */
    Optional<Instant> lastSeen(long userId);

    /** The users among {@code userIds} who are online. */
    Set<Long> online(Collection<Long> userIds);
}
