package dev.parley.server.store;

import reactor.core.scheduler.Schedulers;

/** Refuses blocking database work on a non-blocking thread (a Netty event loop, a parallel scheduler). */
final class EventLoopGuard {

    private EventLoopGuard() {}

    static void check() {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("blocking database call on the non-blocking thread "
                    + Thread.currentThread().getName() + "; run it on the store scheduler (Blocking)");
        }
    }
}
