package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.media.Turns.Turn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnsTest {

    private final Turns<String> turns = new Turns<>();

    @Test
    void theOldestUploadHasThreeQuartersOfTheTurnsAndTheOthersTheRestInTurn() {
        for (long ticket = 0; ticket < 3; ticket++) {
            turns.add(new Turn<>(ticket, 10, "upload " + ticket));
        }
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Turn<String> turn = turns.next();
            order.add(turn.ticket);
            turns.add(new Turn<>(turn.ticket, 10, turn.carried)); // its next chunk asks at once
        }

        assertThat(Collections.frequency(order, 0L)).isEqualTo(30);
        assertThat(Collections.frequency(order, 1L)).isEqualTo(5);
        assertThat(Collections.frequency(order, 2L)).isEqualTo(5);
        assertThat(order.subList(0, 10)).containsExactly(0L, 1L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 1L);
    }

    @Test
    void aTurnTakenAwayIsSkippedAndTheLastOneLeavesNothingOwed() {
        Turn<String> oldest = new Turn<>(0, 10, "oldest");
        Turn<String> gone = new Turn<>(1, 10, "gone");
        Turn<String> young = new Turn<>(2, 10, "young");
        turns.add(oldest);
        turns.add(gone);
        turns.add(young);
        turns.remove(gone);
        assertThat(turns.size()).isEqualTo(2);

        assertThat(turns.next()).isSameAs(oldest);
        turns.add(new Turn<>(0, 10, "oldest"));
        assertThat(turns.next().carried)
                .as("the fair turn skips the one taken away")
                .isEqualTo("young");
        assertThat(turns.next().carried).isEqualTo("oldest");
        assertThat(turns.isEmpty()).isTrue();

        // a fresh start: the bytes handed out before are not owed to anyone now
        turns.add(new Turn<>(5, 10, "later"));
        turns.add(new Turn<>(4, 10, "earlier"));
        assertThat(turns.next().carried).isEqualTo("earlier");
    }
}
