package dev.parley.server.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps away uploads that nothing took within {@code ttl}, with their blobs, on a thread of its
 * own: checked every minute, or every tenth of the ttl when that is shorter. The store removes a
 * batch and answers only what it removed (something may take an upload meanwhile); those are
 * erased.
 */
final class UploadSweeper<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
    private static final int BATCH = 500;

    /** Removes at most {@code limit} unused uploads older than {@code before}; answers those removed. */
    interface Removal<T> {
        List<T> removeUnused(Instant before, int limit);
    }

    private final String what;
    private final Clock clock;
    private final Duration ttl;
    private final Removal<T> removal;
    private final Consumer<List<T>> erase;
    private final ScheduledExecutorService thread;

    UploadSweeper(String what, Clock clock, Duration ttl, Removal<T> removal, Consumer<List<T>> erase) {
        this.what = what;
        this.clock = clock;
        this.ttl = ttl;
        this.removal = removal;
        this.erase = erase;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-sweeper-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(60_000, ttl.toMillis() / 10));
        thread.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Removes the uploads older than the ttl that nothing took, and erases their blobs. */
    int sweep() {
        return sweepUploadedBefore(clock.instant().minus(ttl));
    }

    int sweepUploadedBefore(Instant cutOff) {
        int swept = 0;
        List<T> unused;
        do {
            unused = removal.removeUnused(cutOff, BATCH);
            erase.accept(unused);
            swept += unused.size();
        } while (unused.size() == BATCH);
        return swept;
    }

    private void sweepQuietly() {
        try {
            int swept = sweep();
            if (swept > 0) {
                LOG.info("Removed {} {} that nothing took within {}", swept, what, ttl);
            }
        } catch (RuntimeException e) { // the store is down, say: the next round tries again
            LOG.warn("Sweeping unused {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
