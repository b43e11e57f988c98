package dev.parley.server.store;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link Database} behind a {@link StoreCircuit}: while the database is known to be unreachable,
 * every call is refused at once with {@link StoreUnavailable} (a queued write as a failed future)
 * instead of waiting for a connection; a call that fails for want of a connection tells the
 * circuit. {@link #ping()} answers false at once while the circuit is open.
 */
public final class GuardedDatabase implements Database {

    private final Database delegate;
    private final StoreCircuit circuit;

    public GuardedDatabase(Database delegate, StoreCircuit circuit) {
        this.delegate = delegate;
        this.circuit = circuit;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        circuit.check();
        try {
            return delegate.read(work);
        } catch (RuntimeException e) {
            circuit.failed(e);
            throw e;
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        circuit.check();
        try {
            return delegate.write(work);
        } catch (RuntimeException e) {
            circuit.failed(e);
            throw e;
        }
    }

    @Override
    public <T> T writeShared(long orderKey, SqlWork<T> work) {
        circuit.check();
        try {
            return delegate.writeShared(orderKey, work);
        } catch (RuntimeException e) {
            circuit.failed(e);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<T> writeQueued(long orderKey, SqlWork<T> work) {
        try {
            circuit.check();
        } catch (StoreUnavailable e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> queued;
        try {
            queued = delegate.writeQueued(orderKey, work);
        } catch (RuntimeException e) {
            circuit.failed(e);
            throw e;
        }
        queued.whenComplete((value, error) -> {
            if (error != null) {
                circuit.failed(error);
            }
        });
        return queued;
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
        if (circuit.isOpen()) {
            return false;
        }
        boolean answered = delegate.ping();
        if (!answered) {
            circuit.failed(new java.sql.SQLTransientConnectionException("the database did not answer a ping"));
        }
        return answered;
    }

    @Override
    public boolean reachable() {
        return delegate.reachable();
    }

    @Override
    public void close() {
        circuit.close();
        delegate.close();
    }
}
