package dev.parley.server.store;

import java.util.concurrent.CompletableFuture;

/**
 * A write that could not be queued now: the writer's queue is full and the caller is on a thread
 * that must not wait. {@link #room()} completes (on a non-blocking thread) once the writer has
 * worked the queue down to half; queue the write again then.
 */
public final class StoreBusy extends StoreException {

    private final transient CompletableFuture<Void> room;

    StoreBusy(CompletableFuture<Void> room) {
        super("the database writer's queue is full", null);
        this.room = room;
    }

    public CompletableFuture<Void> room() {
        return room;
    }
}
