package dev.parley.server.media;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The chunks of uploads that wait their turn, and which goes next: {@value #FAIR_PERCENT} % of the
 * bytes go to the chunks in the order they asked (each upload has one waiting at a time, so that is
 * every upload in turn), the rest to the chunk of the oldest upload. Not thread-safe: {@link
 * Bandwidth} calls it under its lock.
 *
 * @param <T> what a turn carries (what is told when it comes)
 */
final class Turns<T> {

    static final int FAIR_PERCENT = 25;

    /** A chunk waiting: its upload's ticket (the lower, the older), its size, and what it carries. */
    static final class Turn<T> {
        final long ticket;
        final int bytes;
        final T carried;
        private long number;

        Turn(long ticket, int bytes, T carried) {
            this.ticket = ticket;
            this.bytes = bytes;
            this.carried = carried;
        }
    }

    /** The waiting chunks, the oldest upload's first. */
    private final TreeSet<Turn<T>> byAge =
            new TreeSet<>(Comparator.comparingLong((Turn<T> t) -> t.ticket).thenComparingLong(t -> t.number));

    /** The waiting chunks in the order they asked (those already gone are skipped when met). */
    private final ArrayDeque<Turn<T>> byArrival = new ArrayDeque<>();

    /** Bytes handed out in turn, and in all, since the last time none waited. */
    private long fairBytes;

    private long allBytes;

    private long numbers;

    void add(Turn<T> turn) {
        turn.number = numbers++;
        byAge.add(turn);
        byArrival.add(turn);
    }

    /** Takes a turn away before it comes (its upload ended). */
    void remove(Turn<T> turn) {
        byAge.remove(turn); // its entry in byArrival is skipped when met
        startAfreshIfNoneWait();
    }

    boolean isEmpty() {
        return byAge.isEmpty();
    }

    int size() {
        return byAge.size();
    }

    /**
     * The turn that comes now, taken away: in order of asking while those had less than their share
     * of the bytes, else the oldest upload's.
     */
    Turn<T> next() {
        Turn<T> turn;
        if (fairBytes * 100 < allBytes * FAIR_PERCENT) {
            turn = byArrival.poll();
            while (!byAge.contains(turn)) { // came as the oldest's, or taken away, since it asked
                turn = byArrival.poll();
            }
            fairBytes += turn.bytes;
        } else {
            turn = byAge.first();
        }
        allBytes += turn.bytes;
        byAge.remove(turn);
        startAfreshIfNoneWait();
        return turn;
    }

    /** No share is owed across a quiet time. */
    private void startAfreshIfNoneWait() {
        if (byAge.isEmpty()) {
            byArrival.clear();
            fairBytes = 0;
            allBytes = 0;
        }
    }
}
