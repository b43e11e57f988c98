package dev.parley.server.web;

import dev.parley.server.config.ParleyProperties;
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

    private final Scheduler scheduler;

    @Autowired
    public Blocking(ParleyProperties properties) {
        this(properties.storeThreads());
    }

    public Blocking(int threads) {
        this.scheduler = Schedulers.newBoundedElastic(threads, 100_000, "parley-store");
    }

    /** The work's result, computed on the blocking pool; a null result completes empty. */
    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    public Mono<Void> run(Runnable work) {
        return Mono.<Void>fromRunnable(work).subscribeOn(scheduler);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
