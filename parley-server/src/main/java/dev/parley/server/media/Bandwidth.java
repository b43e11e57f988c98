package dev.parley.server.media;

import dev.parley.server.media.Turns.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * One pace for the bytes of all uploads together: each chunk waits its turn, so uploads never take
 * more than the current rate of the server, however many arrive at once, and messages keep their
 * CPU. A waiting upload is not read, so its sender is held back by TCP, and nothing piles up in
 * memory. The rate may change at any time ({@link UploadPace} moves it).
 *
 * <p>Who goes next ({@link Turns}): a quarter of the bytes go to the uploads in turn, so every
 * upload moves; the rest go to the oldest upload with a chunk waiting. Had every upload the same
 * share, a hundred that start together would end together, and their last syncs, moves into place
 * and rows would meet the database's commits on the disk in the same few seconds (others' messages
 * waited up to 0.2 s then, docs/benchmarks.md "Files"); this way they end one after another, at the
 * same total rate.
 */
final class Bandwidth {

    /**
     * How far behind a late timer may hand out turns: a wake-up up to this late costs the uploads
     * none of their time, and a quiet time does not become a burst.
     */
    private static final long CATCH_UP = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long NO_WAKE = Long.MAX_VALUE;

    /** Uploads in the order they began: the lower, the older. */
    private final AtomicLong tickets = new AtomicLong();

    private final Turns<MonoSink<Void>> waiting = new Turns<>();

    /** The time one byte takes at the current rate; 0 for no limit. */
    private double nanosPerByte;

    /** When the next turn may begin. */
    private long next = System.nanoTime();

    /** When the timer is next due to hand out turns; {@link #NO_WAKE} when it is not set. */
    private long wakeAt = NO_WAKE;

    /** Whether any bytes were asked for since {@link #used} was last called. */
    private boolean used;

    Bandwidth(double bytesPerSecond) {
        rate(bytesPerSecond);
    }

    /** An upload's place in the pace: begun now, so younger than every upload before it. */
    Share share() {
        return new Share(tickets.getAndIncrement());
    }

    /** One upload's chunks; one waits at a time (the next is asked for when the last was written). */
    final class Share {

        private final long ticket;

        private Share(long ticket) {
            this.ticket = ticket;
        }

        /** Completes when {@code bytes} of this upload may go; cancelled, it gives up its turn. */
        Mono<Void> take(int bytes) {
            return Mono.defer(() -> {
                if (goesNow(bytes)) {
                    return Mono.empty();
                }
                return Mono.create(sink -> enqueue(new Turn<>(ticket, bytes, sink)));
            });
        }
    }

    /**
     * Sets the rate; {@link Double#POSITIVE_INFINITY} for none. The time reserved ahead of now is
     * counted again at the new rate, so a chunk asking next does not wait behind a turn taken at a
     * slower one.
     */
    void rate(double bytesPerSecond) {
        long wake;
        synchronized (this) {
            double before = nanosPerByte;
            double after = 1e9 / bytesPerSecond;
            long now = System.nanoTime();
            if (next > now && before > 0) {
                next = now + (long) ((next - now) * (after / before));
            }
            this.nanosPerByte = after;
            wake = wakeFor(now);
        }
        schedule(wake);
    }

    /** Whether uploads asked for bytes since the last call, or still wait or hold turns ahead of now; resets. */
    synchronized boolean used() {
        boolean was = used || next > System.nanoTime() || !waiting.isEmpty();
        used = false;
        return was;
    }

    /** Chunks waiting their turn now (read by tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Takes the turn at once when no one waits and the time is free. */
    private synchronized boolean goesNow(int bytes) {
        used = true;
        long now = System.nanoTime();
        if (!waiting.isEmpty() || next > now) {
            return false;
        }
        next = now + (long) (bytes * nanosPerByte);
        return true;
    }

    private void enqueue(Turn<MonoSink<Void>> turn) {
        long wake;
        synchronized (this) {
            waiting.add(turn);
            wake = wakeFor(System.nanoTime());
        }
        turn.carried.onCancel(() -> cancel(turn));
        schedule(wake);
    }

    private synchronized void cancel(Turn<MonoSink<Void>> turn) {
        waiting.remove(turn);
    }

    /**
     * Hands out the turns that are due, and sets the timer for the next. A timer set for {@code at}
     * that an earlier one has since replaced hands out what is due too, but leaves the timer to the
     * one set now (so that timers do not multiply).
     */
    private void handOut(long at) {
        List<Turn<MonoSink<Void>>> due = new ArrayList<>();
        long wake;
        synchronized (this) {
            if (wakeAt == at) {
                wakeAt = NO_WAKE;
            }
            long now = System.nanoTime();
            while (!waiting.isEmpty() && next <= now) {
                Turn<MonoSink<Void>> turn = waiting.next();
                next = Math.max(next, now - CATCH_UP) + (long) (turn.bytes * nanosPerByte);
                due.add(turn);
            }
            wake = wakeFor(now);
        }
        schedule(wake); // first: an upload that fails as it goes on must not stop the others
        // outside the lock: each upload goes on from here to write its chunk
        due.forEach(turn -> turn.carried.success());
    }

    /** When the timer must wake to hand out turns; {@link #NO_WAKE} when one already set comes in time. */
    private long wakeFor(long now) {
        if (waiting.isEmpty()) {
            return NO_WAKE;
        }
        long at = Math.max(now, next);
        if (wakeAt <= at) {
            return NO_WAKE;
        }
        wakeAt = at;
        return at;
    }

    /**
     * Sets the timer on Reactor's parallel scheduler (looked up each time, as {@code Mono.delay}
     * does). Should it refuse, the timer is left unset, so that the next chunk to ask sets it.
     */
    private void schedule(long at) {
        if (at == NO_WAKE) {
            return;
        }
        try {
            Schedulers.parallel()
                    .schedule(() -> handOut(at), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RuntimeException refused) {
            synchronized (this) {
                if (wakeAt == at) {
                    wakeAt = NO_WAKE;
                }
            }
            throw refused;
        }
    }
}
