package dev.parley.core.account;

/**
 * Where the account service announces that a session (a login, and every token refreshed from it)
 * ended before its tokens expired: a logout, or a refresh token presented after it was rotated
 * (stolen). From then on the session's access tokens are to be refused, on every node, and its live
 * connections closed. Implementations must not block for long.
 */
public interface SessionEvents {

    void ended(long userId, String sessionId);

    /** Announces nothing; for tests and tools without live connections. */
    SessionEvents NONE = (userId, sessionId) -> {};
}
