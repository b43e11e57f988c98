package dev.parley.server.realtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One event on its way to the local followers of its chat: when the transport has taken it for
 * the last of them, the time since the request arrived is reported.
 */
final class Fanout {

    private final long receivedNanos;
    private final AtomicInteger remaining;
    private final LongConsumer latencyNanos;

    Fanout(long receivedNanos, int recipients, LongConsumer latencyNanos) {
        this.receivedNanos = receivedNanos;
        this.remaining = new AtomicInteger(recipients);
        this.latencyNanos = latencyNanos;
    }

    /** One recipient is done: its socket took the frame, or it will never get it from this fan-out. */
    void done() {
        if (remaining.decrementAndGet() == 0) {
            latencyNanos.accept(System.nanoTime() - receivedNanos);
        }
    }
}
