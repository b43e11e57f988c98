package dev.parley.server.ratelimit;

import java.time.Duration;

/** A request refused by a rate limit: answered {@code 429 rate_limited} with {@code Retry-After}. */
public final class RateLimited extends RuntimeException {

    private final long retryAfterSeconds;

    public RateLimited(String what, Duration retryAfter) {
        this(what, Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    private RateLimited(String what, long retryAfterSeconds) {
        super(what + "; retry in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until a retry can succeed (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
