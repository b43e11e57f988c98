package dev.parley.core.account;

import java.time.Duration;

/**
 * How refresh tokens live: {@code ttl}, how long a token is valid; {@code reuseGrace}, how long
 * after a token was rotated presenting it again still answers the same successor instead of
 * counting as theft (two tabs refreshing at once); {@code secret}, the server's key (at least 32
 * bytes, the same on every node) from which successors are derived.
 */
public record RefreshPolicy(Duration ttl, Duration reuseGrace, byte[] secret) {

    public RefreshPolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the refresh-token ttl must be longer than 0");
        }
        if (reuseGrace == null || reuseGrace.isNegative()) {
            throw new IllegalArgumentException("the refresh-token reuse grace must be 0 or longer");
        }
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("the refresh-token secret needs at least 32 bytes");
        }
        secret = secret.clone();
    }
}
