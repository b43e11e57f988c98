package dev.parley.server.store;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import reactor.core.scheduler.Schedulers;

/**
 * A single writer thread that commits many queued writes per transaction (group commit), so a burst
 * of writes shares one commit and one fsync. SQLite has one; PostgreSQL has one per write lane.
 *
 * <p>Writes of one order key commit in the order queued. Within a batch, writes run sorted by key
 * (stably), so that writers on several nodes take the rows of several chats in the same order and
 * cannot deadlock each other. A write that fails does not take its batch down: the batch is rolled
 * back, the writes before the failing one commit on their own, the failing one is run again alone
 * (a write that fails alone, fails), and the rest go on as the next batch. A caller is answered
 * only after its write's commit returned, so an answered write is durable; if a commit fails,
 * every write of that commit fails. Queued writes are answered on the {@code answers} lane of their
 * key, in commit order, with the caller's context (trace, {@link
 * io.micrometer.context.ThreadLocalAccessor thread-local values}) as it was when the write was
 * queued; a write waited for ({@link #submit}) is answered on the writer's thread.
 *
 * <p>When the writer cannot connect, the whole batch fails on that one attempt, and the writer backs
 * off (doubling from {@link #DEFAULT_FIRST_BACKOFF} up to {@link #DEFAULT_MAX_BACKOFF}): writes it
 * takes meanwhile fail at once without a connect; the next batch after the pause tries again. A
 * connection idle for a while is checked before it is used again, so a batch after an outage does
 * not fail on a connection the outage broke. Once closed, the writer fails every write it has not
 * taken, including one queued while it was closing, instead of leaving it unanswered.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Opens the writer's connection; it is opened again after it broke. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private static final Comparator<Task<?>> BY_KEY = Comparator.comparingLong(t -> t.key);
    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    private static final long VALIDATE_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int CONNECT_FAILED = -2;

    private final Connector connector;
    private final int maxBatch;
    private final Predicate<SQLException> uniqueViolation;
    private final BlockingQueue<Task<?>> queue;
    private final Thread thread;
    private final StoreMetrics metrics;
    private final KeyedExecutor answers;
    private final AtomicInteger busy = new AtomicInteger();
    private final int capacity;
    private final List<CompletableFuture<Void>> roomWaiters = new ArrayList<>();
    private volatile boolean closed;
    private Connection connection;
    private long lastUsed;
    private volatile long firstBackoffNanos = DEFAULT_FIRST_BACKOFF.toNanos();
    private volatile long maxBackoffNanos = DEFAULT_MAX_BACKOFF.toNanos();
    private long backoffNanos;
    private long retryAt;
    private StoreException connectFailure;

    GroupCommitWriter(
            String name,
            Connector connector,
            int maxBatch,
            int queueCapacity,
            Predicate<SQLException> uniqueViolation,
            StoreMetrics metrics,
            KeyedExecutor answers) {
        this.metrics = metrics;
        this.connector = connector;
        this.maxBatch = maxBatch;
        this.uniqueViolation = uniqueViolation;
        this.answers = answers;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.capacity = queueCapacity;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues the work behind every write of its {@code orderKey} queued before it and returns at
     * once. When the queue is full it waits for room, except on a non-blocking thread, where it
     * throws {@link StoreBusy} (whose future says when to try again). The future completes, on the
     * key's answer lane, once the work's commit returned, or it failed.
     */
    <T> CompletableFuture<T> enqueue(long orderKey, SqlWork<T> work) {
        return queue(orderKey, false, work);
    }

    private <T> CompletableFuture<T> queue(long orderKey, boolean waited, SqlWork<T> work) {
        if (closed) {
            throw new StoreException("the database is closed", null);
        }
        Task<T> task = new Task<>(orderKey, waited, work, SNAPSHOTS.captureAll());
        try {
            if (!queue.offer(task)) {
                if (Schedulers.isInNonBlockingThread()) {
                    throw new StoreBusy(room());
                }
                queue.put(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database writer", e);
        }
        if (closed && !thread.isAlive()) {
            failLateWrites(); // closed while this was queued: nobody else will answer it
        }
        return task.result;
    }

    /** Sets how long the writer pauses after a failed connect: {@code first}, doubling up to {@code max}. */
    GroupCommitWriter backoff(Duration first, Duration max) {
        this.firstBackoffNanos = first.toNanos();
        this.maxBackoffNanos = Math.max(first.toNanos(), max.toNanos());
        return this;
    }

    /** Completes once the queue is down to half its capacity (at once if it is already). */
    private CompletableFuture<Void> room() {
        CompletableFuture<Void> room = new CompletableFuture<>();
        synchronized (roomWaiters) {
            roomWaiters.add(room);
        }
        if (queue.size() <= capacity / 2) {
            wakeRoomWaiters(); // the writer took a batch meanwhile
        }
        return room;
    }

    /** Tells callers waiting for room, on a non-blocking thread (never this writer's). */
    private void wakeRoomWaiters() {
        List<CompletableFuture<Void>> waiting;
        synchronized (roomWaiters) {
            if (roomWaiters.isEmpty()) {
                return;
            }
            waiting = new ArrayList<>(roomWaiters);
            roomWaiters.clear();
        }
        Schedulers.parallel().schedule(() -> waiting.forEach(room -> room.complete(null)));
    }

    /** Queues the work and waits until it is durable. */
    <T> T submit(SqlWork<T> work) {
        EventLoopGuard.check();
        try {
            return queue(0, true, work).join();
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
            batch.sort(BY_KEY);
            if (queue.size() <= capacity / 2) {
                wakeRoomWaiters();
            }
            busy.set(1);
            List<Task<?>> done = new ArrayList<>(batch.size());
            int start = 0;
            int end = batch.size();
            while (start < batch.size()) {
                long started = System.nanoTime();
                int failed = runAll(batch, start, end);
                if (failed == CONNECT_FAILED) { // the rest of the batch fails on this one attempt
                    batch.subList(start, batch.size()).forEach(t -> t.error = connectFailure);
                    done.addAll(batch.subList(start, batch.size()));
                    start = batch.size();
                } else if (failed < 0) {
                    commit(batch.subList(start, end), started);
                    done.addAll(batch.subList(start, end));
                    start = end;
                    end = batch.size();
                } else if (failed == start) {
                    rollbackQuietly(); // it failed first in its transaction: on its own
                    done.add(batch.get(start));
                    start++;
                    end = batch.size();
                } else {
                    rollbackQuietly(); // run those before it again, then it alone
                    end = failed;
                }
            }
            busy.set(0); // before answering, so a caller that got its answer sees the writer idle
            answer(done);
            batch.clear();
        }
    }

    /**
     * Runs tasks [start, end) in the open transaction; the index of the first that failed, -1 when
     * none did, or {@link #CONNECT_FAILED} when there is no connection (now, or during the backoff
     * after a failed connect; {@link #connectFailure} says why).
     */
    private int runAll(List<Task<?>> batch, int start, int end) {
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            backOff(e);
            return CONNECT_FAILED;
        }
        if (c == null) {
            return CONNECT_FAILED;
        }
        lastUsed = System.nanoTime();
        for (int i = start; i < end; i++) {
            if (!batch.get(i).runIn(c, uniqueViolation)) {
                return i;
            }
        }
        return -1;
    }

    private void backOff(SQLException cause) {
        backoffNanos = backoffNanos == 0 ? firstBackoffNanos : Math.min(backoffNanos * 2, maxBackoffNanos);
        retryAt = System.nanoTime() + backoffNanos;
        connectFailure = new StoreException(
                "cannot connect to the database (next attempt in " + backoffNanos / 1_000_000 + " ms): "
                        + cause.getMessage(),
                cause);
    }

    /** Commits the tasks run since {@code started} (reported as the transaction's time). */
    private void commit(List<Task<?>> tasks, long started) {
        try {
            connection.commit();
            metrics.committed(tasks.size(), System.nanoTime() - started);
        } catch (SQLException e) {
            rollbackQuietly();
            StoreException failure = new StoreException("commit failed: " + e.getMessage(), e);
            tasks.forEach(t -> t.error = failure);
        }
    }

    /** Answers each write on its key's lane, in commit order; writes waited for, here. */
    private void answer(List<Task<?>> done) {
        List<List<Task<?>>> byLane = new ArrayList<>(answers.lanes());
        for (int i = 0; i < answers.lanes(); i++) {
            byLane.add(null);
        }
        for (Task<?> task : done) {
            if (task.waited) {
                task.complete();
                continue;
            }
            int lane = answers.laneOf(task.key);
            if (byLane.get(lane) == null) {
                byLane.set(lane, new ArrayList<>());
            }
            byLane.get(lane).add(task);
        }
        for (int lane = 0; lane < byLane.size(); lane++) {
            List<Task<?>> tasks = byLane.get(lane);
            if (tasks == null) {
                continue;
            }
            try {
                answers.execute(lane, () -> tasks.forEach(Task::complete));
            } catch (RejectedExecutionException e) {
                tasks.forEach(Task::complete); // shutting down: answer here
            }
        }
    }

    /** The open connection, a new one, or null while backing off after a failed connect. */
    private Connection connection() throws SQLException {
        if (connection != null && System.nanoTime() - lastUsed > VALIDATE_AFTER_IDLE_NANOS && !connection.isValid(1)) {
            dropConnection(); // broken while idle (the database restarted, the network was cut)
        }
        if (connection == null) {
            if (backoffNanos > 0 && System.nanoTime() - retryAt < 0) {
                return null;
            }
            Connection c = StatementCache.wrap(connector.connect());
            c.setAutoCommit(false);
            connection = c;
            backoffNanos = 0;
        }
        return connection;
    }

    /** 1 while the writer runs a batch, else 0. */
    int busy() {
        return busy.get();
    }

    private void rollbackQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            dropConnection(); // broken: the next batch opens a new one
        }
    }

    private void dropConnection() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            dropConnection();
        }
        if (!thread.isAlive()) {
            failLateWrites();
        }
    }

    /** Fails the writes still queued once the writer thread has stopped. */
    private void failLateWrites() {
        List<Task<?>> late = new ArrayList<>();
        queue.drainTo(late);
        if (late.isEmpty()) {
            return;
        }
        StoreException closedNow = new StoreException(
                "the database is closed: the write was queued while the server shut down, and was not stored", null);
        late.forEach(t -> t.error = closedNow);
        answer(late);
    }

    private static final class Task<T> {
        final long key;
        final boolean waited;
        final SqlWork<T> work;
        final ContextSnapshot context;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;
        RuntimeException error;

        Task(long key, boolean waited, SqlWork<T> work, ContextSnapshot context) {
            this.key = key;
            this.waited = waited;
            this.work = work;
            this.context = context;
        }

        /** Runs the work; false when it failed (its changes are then part of a transaction to roll back). */
        boolean runIn(Connection c, Predicate<SQLException> uniqueViolation) {
            error = null;
            try {
                value = work.run(c);
                return true;
            } catch (SQLException e) {
                error = uniqueViolation.test(e) ? new DuplicateKeyException(e) : new StoreException(e.getMessage(), e);
            } catch (RuntimeException e) {
                error = e;
            }
            return false;
        }

        void complete() {
            try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            }
        }
    }
}
