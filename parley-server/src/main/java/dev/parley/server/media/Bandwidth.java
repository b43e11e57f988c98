package dev.parley.server.media;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One pace for the bytes of all uploads together: each chunk waits its turn, so uploads never take
 * more than the current rate of the server, however many arrive at once, and messages keep their
 * CPU. Turns are handed out in order of arrival; a waiting upload is not read, so its sender is
 * held back by TCP, and nothing piles up in memory. The rate may change at any time ({@link
 * UploadPace} moves it); turns already handed out stand.
 */
final class Bandwidth {

    /** The time one byte takes at the current rate; 0 for no limit. */
    private double nanosPerByte;

    private long next = System.nanoTime();

    /** Whether any bytes were asked for since {@link #used} was last called. */
    private boolean used;

    Bandwidth(double bytesPerSecond) {
        rate(bytesPerSecond);
    }

    /**
     * Sets the rate; {@link Double#POSITIVE_INFINITY} for none. Chunks already waiting keep their
     * turn; the bytes reserved ahead of now are counted again at the new rate, so a chunk asking
     * next does not wait behind turns taken at a slower one.
     */
    synchronized void rate(double bytesPerSecond) {
        double before = nanosPerByte;
        double after = 1e9 / bytesPerSecond;
        long now = System.nanoTime();
        if (next > now && before > 0) {
            next = now + (long) ((next - now) * (after / before));
        }
        this.nanosPerByte = after;
    }

    /** Completes when {@code bytes} may go. */
    Mono<Void> take(int bytes) {
        long wait = reserve(bytes);
        return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
    }

    /** Whether uploads asked for bytes since the last call, or still hold turns ahead of now; resets. */
    synchronized boolean used() {
        boolean was = used || next > System.nanoTime();
        used = false;
        return was;
    }

    private synchronized long reserve(int bytes) {
        used = true;
        long now = System.nanoTime();
        long start = Math.max(now, next);
        next = start + (long) (bytes * nanosPerByte);
        return start - now;
    }
}
