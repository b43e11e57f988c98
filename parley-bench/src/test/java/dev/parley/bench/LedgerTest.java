package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounting that fails a run: it must notice every loss, repeat and reversal. */
class LedgerTest {

    @BeforeEach
    void reset() {
        Ledger.DUPLICATED.set(0);
        Ledger.REORDERED.set(0);
    }

    @Test
    void aCompleteOrderedStreamIsClean() {
        Ledger ledger = new Ledger(1);
        for (long seq = 1; seq <= 5; seq++) {
            assertThat(ledger.seen(seq)).isTrue();
        }
        assertThat(ledger.lost(5)).isZero();
        assertThat(Ledger.DUPLICATED.get() + Ledger.REORDERED.get()).isZero();
    }

    @Test
    void gapsRepeatsAndReversalsAreCounted() {
        Ledger ledger = new Ledger(1);
        ledger.seen(1);
        ledger.seen(3); // 2 never comes
        assertThat(ledger.seen(3)).isFalse();
        assertThat(ledger.seen(2)).isFalse();
        ledger.seen(4);

        assertThat(ledger.lost(5)).as("2 and 5 never arrived in order").isEqualTo(2);
        assertThat(Ledger.DUPLICATED.get()).isEqualTo(1);
        assertThat(Ledger.REORDERED.get()).isEqualTo(1);
    }

    @Test
    void eventsFromBeforeTheRunAreIgnored() {
        Ledger ledger = new Ledger(10);
        assertThat(ledger.seen(3)).isTrue();
        assertThat(ledger.received()).isZero();
    }
}
