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

    /** Bytes written that the network has not taken yet (the socket's own queue). */
    long unsentBytes();

    void ping();

    /** Sends a close frame with this status and closes the socket. */
    void close(CloseStatus status);
}
