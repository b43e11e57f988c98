package dev.parley.core.account;

import java.time.Duration;

/** Issues short-lived signed access tokens for a user's session. Thread-safe. */
public interface AccessTokens {

    /** A token for the user, naming the session (the login) it belongs to, so it can be ended early. */
    String issue(long userId, String sessionId);

    Duration ttl();
}
