package dev.parley.server.account;

import java.time.Clock;
import java.time.Duration;

/** Lets tests mint access tokens with a chosen key and clock, as the server would. */
public final class TestTokensAccess {

    private TestTokensAccess() {}

    public static String issue(byte[] key, Clock clock, Duration ttl, long userId) {
        return new JwtAccessTokens(key, clock, ttl, new EndedSessions(clock, ttl)).issue(userId, "test-session");
    }
}
