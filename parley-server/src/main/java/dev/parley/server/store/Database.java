package dev.parley.server.store;

import java.util.concurrent.CompletableFuture;

/**
 * Where the JDBC stores run their SQL: each call is one transaction, committed before it returns.
 *
 * <p>Calls block; run them off event-loop threads. A {@link SqlWork} that throws rolls back only
 * its own changes. Unique-constraint violations surface as {@link DuplicateKeyException}, other
 * failures as {@link StoreException}.
 */
public interface Database extends AutoCloseable {

    /** Runs read-only work; reads may run in parallel. */
    <T> T read(SqlWork<T> work);

    /** Runs work that writes; returns once its changes are durable. */
    <T> T write(SqlWork<T> work);

    /**
     * Runs work that writes, like {@link #write}, but lets it share a commit with other writes of
     * its kind (many people liking one post at once): on PostgreSQL it goes through the
     * group-commit writer of {@code orderKey} instead of a transaction of its own; SQLite's one
     * writer commits in batches anyway.
     */
    default <T> T writeShared(long orderKey, SqlWork<T> work) {
        return write(work);
    }

    /**
     * Queues work that writes and returns at once. Writes queued with the same {@code orderKey}
     * (one after another: the second queued after the first call returned) commit in that order;
     * queued writes commit in batches. The future completes once the write is durable, or failed,
     * on the answer lane of its key (see {@link KeyedExecutor}), with the caller's context restored.
     */
    <T> CompletableFuture<T> writeQueued(long orderKey, SqlWork<T> work);

    Dialect dialect();

    /** Workers busy writing right now (the SQLite writer thread, or PostgreSQL write transactions). */
    int busyWriters();

    /** True when the database answers a trivial query. */
    boolean ping();

    /**
     * True when a new connection to the database can be opened now (within the connect timeout),
     * whatever state the pool is in: how an outage's end is noticed.
     */
    default boolean reachable() {
        return ping();
    }

    @Override
    void close();
}
