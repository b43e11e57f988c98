package dev.parley.server.web;

import dev.parley.server.config.ParleyProperties;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking work (JDBC, password hashing) on a bounded pool of its own, never on a Netty
 * event-loop thread.
 */
@Component
public final class Blocking implements DisposableBean {

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private final Scheduler scheduler;

    @Autowired
    public Blocking(ParleyProperties properties) {
        this(properties.storeThreads());
    }

    public Blocking(int threads) {
        this(threads, 100_000, "parley-store");
    }

    /**
     * A pool of {@code threads} named {@code name}; at most {@code queue} calls wait for a thread,
     * more fail at once with a {@link java.util.concurrent.RejectedExecutionException}.
     */
    public Blocking(int threads, int queue, String name) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, name);
    }

    /**
     * The work's result, computed on the blocking pool; a null result completes empty. The
     * subscriber's context (the current observation, hence the trace and the log correlation ids)
     * is restored on the blocking thread for the duration of the work.
     */
    public <T> Mono<T> call(Callable<T> work) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> {
                    try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                        return work.call();
                    }
                }))
                .subscribeOn(scheduler);
    }

    /**
     * The work's result, computed right here (it must not block), with the subscriber's context
     * (the current observation) restored on this thread for its duration.
     */
    public static <T> Mono<T> inContext(Callable<T> work) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> {
            try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return work.call();
            }
        }));
    }

    public Mono<Void> run(Runnable work) {
        return call(() -> {
                    work.run();
                    return null;
                })
                .then();
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
