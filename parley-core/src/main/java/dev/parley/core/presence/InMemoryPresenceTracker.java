package dev.parley.core.presence;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Presence of one node's connections, in memory. Last-seen times live as long as the process. */
public final class InMemoryPresenceTracker implements PresenceTracker {

    private final Map<Long, Set<String>> connections = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastSeen = new ConcurrentHashMap<>();

    @Override
    public boolean connected(long userId, String connectionId, Instant at) {
        boolean[] first = {false};
        connections.compute(userId, (id, set) -> {
            Set<String> s = set == null ? new HashSet<>() : set;
            first[0] = s.isEmpty();
            s.add(connectionId);
            return s;
        });
        return first[0];
    }

    @Override
    public boolean disconnected(long userId, String connectionId, Instant at) {
        boolean[] last = {false};
        connections.computeIfPresent(userId, (id, set) -> {
            if (set.remove(connectionId) && set.isEmpty()) {
                last[0] = true;
                lastSeen.put(userId, at);
                return null;
            }
            return set;
        });
        return last[0];
    }

    @Override
    public boolean isOnline(long userId) {
        return connections.containsKey(userId);
    }

    @Override
    public Optional<Instant> lastSeen(long userId) {
        return isOnline(userId) ? Optional.empty() : Optional.ofNullable(lastSeen.get(userId));
    }

    @Override
    public Set<Long> online(Collection<Long> userIds) {
        return userIds.stream().filter(connections::containsKey).collect(Collectors.toSet());
    }
}
