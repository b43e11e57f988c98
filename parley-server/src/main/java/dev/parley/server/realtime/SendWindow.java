package dev.parley.server.realtime;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A connection's sends waiting for their commit: at most {@code max} at a time (they share commits);
 * past that the connection reads nothing more until one is answered. Thread-safe.
 */
final class SendWindow {

    private final int max;
    private int unanswered;
    private Sinks.Empty<Void> freed;

    SendWindow(int max) {
        this.max = max;
    }

    /** Completes when fewer than {@code max} sends wait, and takes a place among them. */
    Mono<Void> take() {
        Sinks.Empty<Void> wait;
        synchronized (this) {
            if (unanswered < max) {
                unanswered++;
                return Mono.empty();
            }
            if (freed == null) {
                freed = Sinks.empty();
            }
            wait = freed;
        }
        return wait.asMono().then(Mono.defer(this::take));
    }

    /** A send was answered: its place is given back. */
    void answered() {
        Sinks.Empty<Void> wake;
        synchronized (this) {
            unanswered--;
            wake = freed;
            freed = null;
        }
        if (wake != null) {
            wake.tryEmitEmpty();
        }
    }
}
