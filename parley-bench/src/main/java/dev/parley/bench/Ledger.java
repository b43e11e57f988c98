package dev.parley.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Correctness accounting for one listener of one chat: it must see seq 1, 2, 3, ... of the run's
 * messages exactly once and in order. Deliveries are counted as they come; gaps, repeats and
 * reversals are counted as they are seen, and at the end whatever never arrived is lost.
 */
final class Ledger {

    static final AtomicLong DUPLICATED = new AtomicLong();
    static final AtomicLong REORDERED = new AtomicLong();

    private final long firstSeq;
    private long last;
    private long received;

    Ledger(long firstSeq) {
        this.firstSeq = firstSeq;
        this.last = firstSeq - 1;
    }

    /** Records a delivery; false when it broke the order. */
    synchronized boolean seen(long seq) {
        if (seq < firstSeq) {
            return true; // from before the run
        }
        if (seq == last) {
            DUPLICATED.incrementAndGet();
            return false;
        }
        if (seq < last) {
            REORDERED.incrementAndGet();
            return false;
        }
        received++;
        last = seq;
        return true;
    }

    synchronized long received() {
        return received;
    }

    /** Of {@code expected} messages, how many never arrived. */
    synchronized long lost(long expected) {
        return Math.max(0, expected - received);
    }

    synchronized long last() {
        return last;
    }
}
