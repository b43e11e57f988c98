package dev.parley.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in a transaction on a pooled connection: commit on success, rollback on any failure. */
final class PooledTransactions {

    private final DataSource pool;
    private final Dialect dialect;

    private final boolean flagReadOnly;
    private final StoreMetrics metrics;
    private final java.util.concurrent.atomic.AtomicInteger busyWriters =
            new java.util.concurrent.atomic.AtomicInteger();

    /** {@code flagReadOnly}: mark read transactions read-only on the connection (where the driver allows). */
    PooledTransactions(DataSource pool, Dialect dialect, boolean flagReadOnly, StoreMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.dialect = dialect;
        this.flagReadOnly = flagReadOnly;
    }

    <T> T run(SqlWork<T> work, boolean readOnly) {
        EventLoopGuard.check();
        if (!readOnly) {
            busyWriters.incrementAndGet();
        }
        long started = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            if (flagReadOnly) {
                c.setReadOnly(readOnly);
            }
            try {
                T result = work.run(c);
                c.commit();
                if (!readOnly) {
                    metrics.committed(1, System.nanoTime() - started);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // the connection broke: the first failure says why
                }
                throw e;
            }
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                throw new DuplicateKeyException(e);
            }
            throw new StoreException(e.getMessage(), e);
        } finally {
            if (!readOnly) {
                busyWriters.decrementAndGet();
            }
        }
    }

    int busyWriters() {
        return busyWriters.get();
    }

    boolean ping() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
