package dev.parley.server.realtime.protocol;

import org.springframework.web.reactive.socket.CloseStatus;

/** Every close code the server uses; docs/protocol.md lists them with what a client should do. */
public final class CloseCodes {

    /** The server is shutting down: reconnect (elsewhere) and resume. */
    public static final CloseStatus GOING_AWAY = new CloseStatus(1001, "server shutting down");
    /** A binary frame: the protocol is JSON text frames only. */
    public static final CloseStatus BINARY_FRAME =
            new CloseStatus(1003, "binary frames are not supported; send JSON text frames");
    /** A text frame that is not UTF-8. */
    public static final CloseStatus INVALID_TEXT = new CloseStatus(1007, "text frames must be UTF-8; this one was not");
    /** A message above the configured size limit (parley.realtime.max-frame). */
    public static CloseStatus tooBig(long size, long limit) {
        return new CloseStatus(1009, "message is " + size + " bytes; the limit is " + limit);
    }

    /** No access token was presented. */
    public static final CloseStatus UNAUTHENTICATED = new CloseStatus(4001, "unauthenticated");
    /** The access token is malformed or forged. */
    public static final CloseStatus INVALID_TOKEN = new CloseStatus(4002, "invalid_token");
    /** The access token expired: refresh it over REST, reconnect and resume. */
    public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4003, "token_expired");
    /**
     * The session was logged out (or its refresh token was stolen and reused): log in again. Same
     * code as an expired token: either way the socket's token no longer works.
     */
    public static final CloseStatus SESSION_ENDED = new CloseStatus(4003, "session_ended");
    /** The client did not read fast enough and its outbound queue overflowed: reconnect and resume. */
    public static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow_consumer");
    /** The client kept sending past its rate limit. */
    public static final CloseStatus RATE_LIMITED = new CloseStatus(4009, "rate_limited");
    /** Nothing was heard from the client within the idle timeout. */
    public static final CloseStatus IDLE_TIMEOUT = new CloseStatus(4010, "idle_timeout");

    private CloseCodes() {}
}
