package dev.parley.server.store;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;

/** A {@link Database} whose every read and write is an observation: a span in the caller's trace, and a timer. */
public final class ObservedDatabase implements Database {

    private final Database delegate;
    private final ObservationRegistry observations;

    public ObservedDatabase(Database delegate, ObservationRegistry observations) {
        this.delegate = delegate;
        this.observations = observations;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return Observation.createNotStarted("parley.store.read", observations).observe(() -> delegate.read(work));
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return Observation.createNotStarted("parley.store.write", observations).observe(() -> delegate.write(work));
    }

    @Override
    public <T> T writeShared(long orderKey, SqlWork<T> work) {
        return Observation.createNotStarted("parley.store.write", observations)
                .observe(() -> delegate.writeShared(orderKey, work));
    }

    @Override
    public <T> CompletableFuture<T> writeQueued(long orderKey, SqlWork<T> work) {
        Observation observation =
                Observation.createNotStarted("parley.store.write", observations).start();
        CompletableFuture<T> queued;
        try (Observation.Scope scope = observation.openScope()) {
            queued = delegate.writeQueued(orderKey, work);
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        return queued.whenComplete((value, error) -> {
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        });
    }

    @Override
    public Dialect dialect() {
        return delegate.dialect();
    }

    @Override
    public int busyWriters() {
        return delegate.busyWriters();
    }

    @Override
    public boolean ping() {
        return delegate.ping();
    }

    @Override
    public boolean reachable() {
        return delegate.reachable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
