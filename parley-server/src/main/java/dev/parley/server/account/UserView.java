package dev.parley.server.account;

import dev.parley.core.account.User;
import java.time.Instant;

public record UserView(long id, String username, String displayName, Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id(), user.username(), user.displayName(), user.createdAt());
    }
}
