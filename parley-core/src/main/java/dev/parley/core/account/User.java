package dev.parley.core.account;

import java.time.Instant;

/** A registered account. {@code username} is stored lower-case and is unique. */
public record User(long id, String username, String displayName, Instant createdAt) {

    public UserRef ref() {
        return new UserRef(id, username, displayName);
    }
}
