package dev.parley.server.realtime;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection's frames on their way to its socket. Frames are queued from any thread and written
 * by the socket's I/O thread in order, with one flush per drain, so a burst costs one write. The
 * queue is bounded in bytes, counting what the socket itself has not sent yet as well.
 */
final class Outbox {

    private record Outgoing(byte[] frame, Fanout fanout) {}

    private final Transport transport;
    private final long maxBytes;
    private ArrayDeque<Outgoing> queue; // null while empty: an idle connection holds no queue
    private long queuedBytes;
    private boolean drainPending;

    Outbox(Transport transport, long maxBytes) {
        this.transport = transport;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a frame; {@code fanout} (may be null) is told once the socket took it. False, with
     * nothing queued, when the frame would take the queue past its bound.
     */
    synchronized boolean offer(byte[] frame, Fanout fanout) {
        if (queuedBytes + frame.length + transport.unsentBytes() > maxBytes) {
            return false;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(new Outgoing(frame, fanout));
        queuedBytes += frame.length;
        if (!drainPending) {
            drainPending = true;
            if (!Flushes.defer(this, transport.ioThread())) {
                execute(this::drain);
            }
        }
        return true;
    }

    /** Writes every queued frame, then flushes once; on the socket's I/O thread. */
    void drain() {
        ArrayDeque<Outgoing> batch;
        synchronized (this) {
            drainPending = false;
            batch = queue;
            queue = null;
            queuedBytes = 0;
        }
        if (batch == null) {
            return;
        }
        for (Outgoing o : batch) {
            transport.write(o.frame());
            if (o.fanout() != null) {
                o.fanout().done();
            }
        }
        transport.flush();
    }

    /** Drops what is queued (the socket is gone); their fan-outs are told they are done. */
    void discard() {
        ArrayDeque<Outgoing> dropped;
        synchronized (this) {
            dropped = queue;
            queue = null;
            queuedBytes = 0;
        }
        if (dropped != null) {
            dropped.forEach(o -> {
                if (o.fanout() != null) {
                    o.fanout().done();
                }
            });
        }
    }

    /** Runs the task on the socket's I/O thread (here, when that thread is shutting down). */
    void execute(Runnable task) {
        try {
            transport.ioThread().execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
