package dev.parley.core.presence;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Presence of one node's connections, in memory. Last-seen times live as long as the process. */
public final class InMemoryPresenceTracker implements PresenceTracker {

    private enum State {
        ONLINE,
        LEAVING,
        OFFLINE
    }

    private static final class Entry {
        final Set<String> connections = new HashSet<>(2);
        State state = State.OFFLINE;
        Instant lastSeen;
    }

    private final Map<Long, Entry> users = new HashMap<>();

    @Override
    public synchronized CompletionStage<Boolean> connected(long userId, String connectionId, Instant at) {
        Entry e = users.computeIfAbsent(userId, id -> new Entry());
        e.connections.add(connectionId);
        boolean wasOffline = e.state == State.OFFLINE;
        e.state = State.ONLINE;
        return CompletableFuture.completedFuture(wasOffline);
    }

    @Override
    public synchronized CompletionStage<Boolean> disconnected(long userId, String connectionId, Instant at) {
        Entry e = users.get(userId);
        if (e == null || !e.connections.remove(connectionId) || !e.connections.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        e.state = State.LEAVING;
        e.lastSeen = at;
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletionStage<Boolean> leave(long userId, Instant at) {
        Entry e = users.get(userId);
        if (e == null || e.state != State.LEAVING) {
            return CompletableFuture.completedFuture(false);
        }
        e.state = State.OFFLINE;
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletionStage<Map<Long, Status>> status(Collection<Long> userIds) {
        Map<Long, Status> statuses = new HashMap<>();
        for (long userId : userIds) {
            Entry e = users.get(userId);
            statuses.put(
                    userId,
                    e == null
                            ? Status.UNKNOWN
                            : new Status(e.state != State.OFFLINE, e.state == State.OFFLINE ? e.lastSeen : null));
        }
        return CompletableFuture.completedFuture(statuses);
    }
}
