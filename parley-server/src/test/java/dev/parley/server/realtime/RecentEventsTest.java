package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the replay memory holds, hands out and forgets. */
class RecentEventsTest {

    private final RecentEvents recent = new RecentEvents(1 << 20, 5);

    @Test
    void answersARangeItHoldsAndNothingForOneItDoesNot() {
        add(7, 1, 2, 3, 4);

        assertThat(seqs(recent.after(7, 1, 10))).containsExactly(2L, 3L, 4L);
        assertThat(seqs(recent.after(7, 0, 2))).containsExactly(1L, 2L);
        assertThat(recent.after(7, 4, 10)).as("nothing past the last").isEmpty();
        assertThat(recent.after(8, 0, 10)).as("another chat").isEmpty();
    }

    @Test
    void keepsTheLatestEventsOfAChatUpToItsBound() {
        add(7, 1, 2, 3, 4, 5, 6, 7);

        assertThat(recent.after(7, 0, 10)).as("1 fell out: 0 is not held").isEmpty();
        assertThat(seqs(recent.after(7, 2, 10))).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aGapStartsANewRun() {
        add(7, 1, 2, 5, 6);

        assertThat(recent.after(7, 0, 10)).isEmpty();
        assertThat(seqs(recent.after(7, 4, 10))).containsExactly(5L, 6L);
    }

    @Test
    void anEditOrDeletionDropsWhatCameBeforeIt() {
        add(7, 1, 2);
        long before = recent.generation();
        recent.add(new StreamEvent(7, 3, null, false, true, new byte[10], 0));

        assertThat(recent.after(7, 0, 10)).isEmpty();
        assertThat(seqs(recent.after(7, 2, 10))).containsExactly(3L);
        assertThat(recent.generation()).isNotEqualTo(before);
    }

    @Test
    void storeReadsJoinTheRunOnEitherSideUnlessSomethingWasRevisedMeanwhile() {
        add(7, 4, 5);
        long generation = recent.generation();

        recent.addAll(7, generation, List.of(event(7, 2), event(7, 3)));
        recent.addAll(7, generation, List.of(event(7, 6)));
        assertThat(seqs(recent.after(7, 1, 10))).containsExactly(2L, 3L, 4L, 5L, 6L);

        recent.add(new StreamEvent(8, 9, null, false, true, new byte[10], 0));
        recent.addAll(7, generation, List.of(event(7, 7)));
        assertThat(seqs(recent.after(7, 5, 10)))
                .as("read before a revision: not kept")
                .containsExactly(6L);
    }

    @Test
    void theLeastRecentlyUsedChatGoesFirstWhenBytesRunOut() {
        RecentEvents small = new RecentEvents(3 * (100 + 64), 100);
        small.add(event(1, 1, 100));
        small.add(event(2, 1, 100));
        small.after(1, 0, 1); // chat 1 used again
        small.add(event(3, 1, 100));
        small.add(event(3, 2, 100));

        assertThat(small.after(2, 0, 1)).as("chat 2, least recently used, went").isEmpty();
        assertThat(small.after(1, 0, 1)).hasSize(1);
        assertThat(small.bytes()).isLessThanOrEqualTo(3 * (100 + 64));
    }

    @Test
    void holdsNothingWhenTurnedOff() {
        RecentEvents off = new RecentEvents(0, 100);
        off.add(event(7, 1));

        assertThat(off.after(7, 0, 10)).isEmpty();
        assertThat(off.bytes()).isZero();
    }

    private void add(long chatId, long... seqs) {
        for (long seq : seqs) {
            recent.add(event(chatId, seq));
        }
    }

    private static StreamEvent event(long chatId, long seq) {
        return event(chatId, seq, 10);
    }

    private static StreamEvent event(long chatId, long seq, int size) {
        return new StreamEvent(chatId, seq, null, false, new byte[size]);
    }

    private static List<Long> seqs(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::seq).toList();
    }
}
