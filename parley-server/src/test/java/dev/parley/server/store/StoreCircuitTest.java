package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreCircuitTest {

    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final StoreCircuit circuit = new StoreCircuit(
            () -> {
                probes.incrementAndGet();
                return databaseUp.get();
            },
            Duration.ofMillis(50));

    @AfterEach
    void close() {
        circuit.close();
    }

    @Test
    void aConnectionFailureTheProbeConfirmsOpensItAndCallsAreRefusedAtOnce() throws Exception {
        databaseUp.set(false);
        circuit.failed(new StoreException("x", new SQLTransientConnectionException("timed out")));
        awaitOpen(true);

        assertThatThrownBy(circuit::check).isInstanceOf(StoreUnavailable.class);
        assertThatThrownBy(circuit::check).isInstanceOf(StoreUnavailable.class);
        assertThat(circuit.refusals()).isEqualTo(2);
    }

    @Test
    void itClosesOnceTheProbeFindsTheDatabaseAgain() throws Exception {
        databaseUp.set(false);
        circuit.failed(new SQLException("refused", "08001"));
        awaitOpen(true);
        int probed = probes.get();
        Thread.sleep(300);
        assertThat(probes.get()).as("probed again and again while down").isGreaterThan(probed);

        databaseUp.set(true);
        awaitOpen(false);
        assertThatNoException().isThrownBy(circuit::check);
    }

    @Test
    void aFailureTheProbeDoesNotConfirmLeavesItClosed() throws Exception {
        circuit.failed(new SQLException("I/O error on a connection the last outage broke", "08006"));
        Thread.sleep(300);
        assertThat(probes.get()).isEqualTo(1);
        assertThat(circuit.isOpen()).isFalse();
    }

    @Test
    void failuresThatAreNotAboutTheConnectionAreIgnored() throws Exception {
        databaseUp.set(false);
        circuit.failed(new DuplicateKeyException(new SQLException("duplicate", "23505")));
        circuit.failed(new IllegalStateException("a bug"));
        Thread.sleep(200);
        assertThat(probes.get()).isZero();
        assertThat(circuit.isOpen()).isFalse();
    }

    private void awaitOpen(boolean open) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (circuit.isOpen() != open && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(circuit.isOpen()).isEqualTo(open);
    }
}
