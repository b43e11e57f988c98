package dev.parley.server.realtime;

/**
 * A connection's command rate: a token per command; a command without one is refused, and more
 * than {@code floodLimit} refusals within a second mean a flood. Thread-safe.
 */
final class CommandRate {

    /** What a command gets. */
    enum Verdict {
        ADMITTED,
        REFUSED,
        FLOOD
    }

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final TokenBucket bucket;
    private final int floodLimit;
    private long windowStart;
    private int refusals;

    CommandRate(TokenBucket bucket, int floodLimit) {
        this.bucket = bucket;
        this.floodLimit = floodLimit;
    }

    synchronized Verdict admit(long nanos) {
        if (bucket.tryTake(nanos)) {
            return Verdict.ADMITTED;
        }
        if (nanos - windowStart > WINDOW_NANOS) {
            windowStart = nanos;
            refusals = 0;
        }
        return ++refusals > floodLimit ? Verdict.FLOOD : Verdict.REFUSED;
    }
}
