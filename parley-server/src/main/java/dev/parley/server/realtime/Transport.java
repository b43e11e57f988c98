package dev.parley.server.realtime;

import java.util.concurrent.Executor;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The socket under a {@link Connection}: frames are written and flushed on the socket's own I/O
 * thread, so a burst of frames leaves in one flush; pings and closes may come from any thread.
 */
interface Transport {

    /** The socket's I/O thread: tasks run one at a time, in the order given. */
    Executor ioThread();

    /** Writes a text frame without flushing; on the I/O thread only. */
    void write(byte[] frame);

    /** Flushes what was written; on the I/O thread only. */
    void flush();

    /**
     * True while the socket takes more without piling up: its own queue is below its high-water
     * mark. When it turns false, writing stops until the socket says it is writable again.
     */
    boolean writable();

    /** Bytes written that the network has not taken yet (the socket's own queue). */
    long unsentBytes();

    void ping();

    /**
     * Sends a close frame with this status after what was written, and closes the socket once the
     * client answers it; on the I/O thread only.
     */
    void close(CloseStatus status);

    /** Closes the socket now. */
    void abort();
}
