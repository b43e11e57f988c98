package dev.parley.server.realtime;

import java.util.concurrent.Callable;

/**
 * When the request being served arrived ({@link System#nanoTime()}), for the send path's
 * receive-to-socket latency. Set around a service call on the thread that runs it, like a logging
 * context; 0 when unknown.
 */
public final class ReceivedAt {

    private static final ThreadLocal<Long> NANOS = new ThreadLocal<>();

    private ReceivedAt() {}

    public static <T> T during(long receivedNanos, Callable<T> work) throws Exception {
        NANOS.set(receivedNanos);
        try {
            return work.call();
        } finally {
            NANOS.remove();
        }
    }

    static long current() {
        Long nanos = NANOS.get();
        return nanos == null ? 0 : nanos;
    }
}
