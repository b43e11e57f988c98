package dev.parley.server.account;

import dev.parley.core.account.User;
import dev.parley.core.presence.PresenceTracker;
import java.time.Instant;

/** A user with presence: {@code online} while any connection is open, else {@code lastSeenAt} when known. */
public record UserView(
        long id, String username, String displayName, Instant createdAt, boolean online, Instant lastSeenAt) {

    public static UserView of(User user, PresenceTracker.Status presence) {
        return new UserView(
                user.id(),
                user.username(),
                user.displayName(),
                user.createdAt(),
                presence.online(),
                presence.online() ? null : presence.lastSeen());
    }
}
