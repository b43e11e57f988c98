package dev.parley.server.account;

import dev.parley.core.account.RefreshTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions that ended before their access tokens expired (logout, a stolen refresh token): their
 * tokens are refused until they would have expired anyway, then forgotten. Each node learns of an
 * end from the bus ({@link #end}); a node starting reads the ends of the last token lifetime from
 * the store. Thread-safe.
 */
public final class EndedSessions {

    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration tokenTtl;

    /** Knows, from the store, the sessions that ended within the last token lifetime. */
    public EndedSessions(RefreshTokenStore tokens, Clock clock, Duration tokenTtl) {
        this(clock, tokenTtl);
        tokens.familiesRevokedSince(clock.instant().minus(tokenTtl)).forEach(this::end);
    }

    /** Knows of no ended session yet. */
    public EndedSessions(Clock clock, Duration tokenTtl) {
        this.clock = clock;
        this.tokenTtl = tokenTtl;
    }

    /** The session's access tokens are refused from now on, for as long as any of them may live. */
    public void end(String sessionId) {
        Instant now = clock.instant();
        ended.values().removeIf(until -> until.isBefore(now));
        ended.put(sessionId, now.plus(tokenTtl));
    }

    public boolean isEnded(String sessionId) {
        Instant until = ended.get(sessionId);
        return until != null && until.isAfter(clock.instant());
    }
}
