package dev.parley.core.error;

/**
 * A failure the caller can act on: what was wrong, a stable machine {@code code}, and the {@link Kind}
 * that transports map to their own status (HTTP status, WebSocket error frame).
 *
 * <p>The message says what was wrong and what is allowed, for example {@code "text is 5012 characters;
 * the limit is 4000"}. The code never changes once published; clients switch on it.
 */
public class ParleyException extends RuntimeException {

    /** The family of a failure; transports map each to one status. */
    public enum Kind {
        INVALID,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        TOO_LARGE,
        /** The content is of a kind this server does not take. */
        UNSUPPORTED
    }

    private final Kind kind;
    private final String code;

    public ParleyException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static ParleyException invalid(String code, String message) {
        return new ParleyException(Kind.INVALID, code, message);
    }

    public static ParleyException notFound(String code, String message) {
        return new ParleyException(Kind.NOT_FOUND, code, message);
    }

    public static ParleyException forbidden(String code, String message) {
        return new ParleyException(Kind.FORBIDDEN, code, message);
    }

    public static ParleyException conflict(String code, String message) {
        return new ParleyException(Kind.CONFLICT, code, message);
    }

    public static ParleyException unauthenticated(String code, String message) {
        return new ParleyException(Kind.UNAUTHENTICATED, code, message);
    }

    /** Refuses a page size outside 1..{@code max} with {@code invalid_limit}. */
    public static void checkLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw invalid("invalid_limit", "limit is " + limit + "; allowed 1–" + max);
        }
    }
}
