package dev.parley.core.account;

import java.time.Duration;

/** Issues short-lived signed access tokens for a user. Thread-safe. */
public interface AccessTokens {

    String issue(long userId);

    Duration ttl();
}
