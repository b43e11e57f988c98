package dev.parley.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The single writer of an embedded database: one thread owns the write connection and commits many
 * queued writes per transaction (group commit), so a burst of sends shares one fsync.
 *
 * <p>Each write runs inside its own savepoint: one that fails rolls back alone and the rest of the
 * batch commits. A caller is answered only after the batch's commit returned, so an answered write
 * is durable. If the commit itself fails, every write of the batch fails.
 */
final class GroupCommitWriter implements AutoCloseable {

    private final Connection connection;
    private final int maxBatch;
    private final Predicate<SQLException> uniqueViolation;
    private final BlockingQueue<Task<?>> queue;
    private final Thread thread;
    private final StoreMetrics metrics;
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean closed;

    GroupCommitWriter(
            Connection connection,
            int maxBatch,
            int queueCapacity,
            Predicate<SQLException> uniqueViolation,
            StoreMetrics metrics)
            throws SQLException {
        this.metrics = metrics;
        this.connection = connection;
        this.maxBatch = maxBatch;
        this.uniqueViolation = uniqueViolation;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        connection.setAutoCommit(false);
        this.thread = new Thread(this::run, "parley-db-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    <T> T submit(SqlWork<T> work) {
        EventLoopGuard.check();
        if (closed) {
            throw new StoreException("the database is closed", null);
        }
        Task<T> task = new Task<>(work);
        try {
            queue.put(task);
            return task.result.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database writer", e);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("write failed", e.getCause());
        }
    }

    private void run() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, maxBatch - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Task<?>> batch) {
        busy.set(1);
        long started = System.nanoTime();
        for (Task<?> task : batch) {
            task.runIn(connection);
        }
        StoreException failure = null;
        try {
            connection.commit();
            metrics.committed(batch.size(), System.nanoTime() - started);
        } catch (SQLException e) {
            rollbackQuietly();
            failure = new StoreException("commit failed", e);
        }
        busy.set(0); // before answering, so a caller that got its answer sees the writer idle
        if (failure == null) {
            batch.forEach(Task::complete);
        } else {
            StoreException f = failure;
            batch.forEach(t -> t.result.completeExceptionally(f));
        }
    }

    /** 1 while the writer runs a batch, else 0. */
    int busy() {
        return busy.get();
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next batch will fail and say so
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private final class Task<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;
        RuntimeException error;

        Task(SqlWork<T> work) {
            this.work = work;
        }

        void runIn(Connection c) {
            Savepoint savepoint = null;
            try {
                savepoint = c.setSavepoint();
                value = work.run(c);
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                error = uniqueViolation.test(e) ? new DuplicateKeyException(e) : new StoreException(e.getMessage(), e);
                rollbackTo(c, savepoint);
            } catch (RuntimeException e) {
                error = e;
                rollbackTo(c, savepoint);
            }
        }

        void complete() {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }

        private void rollbackTo(Connection c, Savepoint savepoint) {
            if (savepoint == null) {
                return;
            }
            try {
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                error = new StoreException("rollback to savepoint failed", e);
            }
        }
    }
}
