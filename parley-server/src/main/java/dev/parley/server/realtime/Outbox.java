package dev.parley.server.realtime;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection's frames on their way to its socket. Frames are queued from any thread and written
 * by the socket's I/O thread in order, with one flush per drain, so a burst costs one write.
 * Writing stops while the socket is not {@linkplain Transport#writable() writable} and goes on when
 * it is again ({@link #drain} is called then), so what a client reads slowly waits here, not in
 * the socket.
 *
 * <p>Live frames are bounded: the live bytes queued here plus what the socket has not sent may not
 * pass {@code maxBytes} (a client that does not read live data is shed). Replayed frames (a
 * catch-up of at most max-replay events per chat) are paced, not bounded: they go out as fast as
 * the client reads them, however many bytes they make.
 */
final class Outbox {

    private record Outgoing(byte[] frame, Fanout fanout, boolean paced) {}

    private final Transport transport;
    private final long maxBytes;
    private ArrayDeque<Outgoing> queue; // null while empty: an idle connection holds no queue
    private long liveBytes;
    private boolean drainPending;
    /** On the I/O thread only: a write is under way (a flush can call back into {@link #drain}). */
    private boolean writing;

    Outbox(Transport transport, long maxBytes) {
        this.transport = transport;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a live frame; {@code fanout} (may be null) is told once the socket took it. False, with
     * nothing queued, when the frame would take the live bytes past the bound.
     */
    synchronized boolean offer(byte[] frame, Fanout fanout) {
        if (liveBytes + frame.length + transport.unsentBytes() > maxBytes) {
            return false;
        }
        liveBytes += frame.length;
        add(new Outgoing(frame, fanout, false));
        return true;
    }

    /** Queues a replayed frame: it leaves as the client reads, whatever the bound. */
    synchronized void offerPaced(byte[] frame) {
        add(new Outgoing(frame, null, true));
    }

    private void add(Outgoing o) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(o);
        if (!drainPending) {
            drainPending = true;
            if (!Flushes.defer(this, transport.ioThread())) {
                execute(this::drain);
            }
        }
    }

    /** Writes queued frames while the socket is writable, then flushes once; on the socket's I/O thread. */
    void drain() {
        write(false);
    }

    /** Writes every queued frame, writable or not (before a close frame); on the socket's I/O thread. */
    void drainAll() {
        write(true);
    }

    private void write(boolean all) {
        if (writing) {
            return; // called from inside our own flush (the socket turned writable): the loop below goes on
        }
        writing = true;
        try {
            writeQueued(all);
        } finally {
            writing = false;
        }
    }

    private void writeQueued(boolean all) {
        ArrayDeque<Outgoing> batch;
        synchronized (this) {
            drainPending = false;
            batch = queue;
            queue = null;
        }
        if (batch == null) {
            return;
        }
        long written = 0;
        do {
            while (!batch.isEmpty() && (all || transport.writable())) {
                Outgoing o = batch.poll();
                transport.write(o.frame());
                if (!o.paced()) {
                    written += o.frame().length;
                }
                if (o.fanout() != null) {
                    o.fanout().done();
                }
            }
            transport.flush(); // may make the socket writable again at once (the network took it all)
        } while (!batch.isEmpty() && transport.writable());
        synchronized (this) {
            liveBytes -= written;
            if (!batch.isEmpty()) { // the socket is full: the rest waits, ahead of anything queued meanwhile
                if (queue != null) {
                    batch.addAll(queue);
                }
                queue = batch;
            }
        }
    }

    /** Drops what is queued (the socket is gone); their fan-outs are told they are done. */
    void discard() {
        ArrayDeque<Outgoing> dropped;
        synchronized (this) {
            dropped = queue;
            queue = null;
            liveBytes = 0;
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
