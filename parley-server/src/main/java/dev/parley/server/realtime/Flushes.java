package dev.parley.server.realtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Defers sockets' drains to the end of a unit of work on this thread: when a batch of committed
 * messages fans out, each socket is drained once for the whole batch (its frames leave in one
 * flush), and each I/O thread is handed one task for all of its sockets instead of one per frame.
 */
final class Flushes {

    private static final ThreadLocal<Map<Executor, List<Outbox>>> DEFERRED = new ThreadLocal<>();

    private Flushes() {}

    /** Runs the work; outboxes that asked to be drained meanwhile are drained after it. */
    static void run(Runnable work) {
        if (DEFERRED.get() != null) {
            work.run(); // already inside a unit of work: it drains at its end
            return;
        }
        Map<Executor, List<Outbox>> deferred = new IdentityHashMap<>();
        DEFERRED.set(deferred);
        try {
            work.run();
        } finally {
            DEFERRED.remove();
            deferred.forEach((thread, outboxes) -> {
                Runnable drainAll = () -> outboxes.forEach(Outbox::drain);
                try {
                    thread.execute(drainAll);
                } catch (RejectedExecutionException e) {
                    drainAll.run(); // the I/O thread is shutting down
                }
            });
        }
    }

    /** Defers the outbox's drain to the end of the current unit of work; false when there is none. */
    static boolean defer(Outbox outbox, Executor ioThread) {
        Map<Executor, List<Outbox>> deferred = DEFERRED.get();
        if (deferred == null) {
            return false;
        }
        deferred.computeIfAbsent(ioThread, t -> new ArrayList<>()).add(outbox);
        return true;
    }
}
