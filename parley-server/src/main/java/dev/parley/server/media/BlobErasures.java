package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import dev.parley.core.media.PendingErasures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Erases the blobs of files nothing names any more: a deleted message's attachments, a deleted
 * post's pictures, uploads nothing took. It is called once their rows are gone (committed), so a
 * blob the store cannot erase now (it is down, say) is no error of the request that deleted it: the
 * key is kept ({@link PendingErasures}) and tried again every minute, on a thread of its own, until
 * the blob is gone. Only for keys that are never used again (new ids).
 */
public final class BlobErasures implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(BlobErasures.class);
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final int BATCH = 100;
    /** Kept keys tried in one round at most. */
    static final int ROUND = 1_000;
    /** Failures in a row that end a round. */
    static final int DOWN = 3;

    private final BlobStore blobs;
    private final PendingErasures pending;
    private final Clock clock;
    private final ScheduledExecutorService thread;

    public BlobErasures(BlobStore blobs, PendingErasures pending, Clock clock) {
        this.blobs = blobs;
        this.pending = pending;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-blob-erasures");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::retryQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Erases the blobs; from the first the store cannot erase now, the rest are kept to be erased
     * later without being tried (a store that is down would make the caller wait out its timeout
     * for each). Never throws.
     */
    void erase(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            try {
                blobs.delete(keys.get(i));
            } catch (RuntimeException e) {
                keep(keys.subList(i, keys.size()), e);
                return;
            }
        }
    }

    private void keep(List<String> keys, RuntimeException cause) {
        try {
            pending.add(List.copyOf(keys), clock.instant());
            LOG.warn("Could not erase {} blob(s) now ({}); kept to be tried again every {}", keys.size(), cause, EVERY);
        } catch (RuntimeException e) {
            LOG.error("Could not erase blobs {} ({}), nor keep them to try again: {}", keys, cause, e.toString());
        }
    }

    /**
     * Tries the kept erasures again, those kept longest first, at most {@value #ROUND} a round;
     * answers how many are done now. A key whose erasure fails again goes behind the others (one
     * the store refuses for good holds up no other); {@value #DOWN} failures in a row end the round
     * (the store is still down). The keys erased are forgotten together, one commit a batch.
     */
    int retry() {
        int done = 0;
        int tried = 0;
        int failedInARow = 0;
        List<String> keys;
        do {
            keys = pending.oldest(BATCH);
            List<String> erased = new ArrayList<>();
            try {
                for (String key : keys) {
                    tried++;
                    try {
                        blobs.delete(key);
                    } catch (RuntimeException e) {
                        pending.later(key, clock.instant());
                        if (++failedInARow == DOWN) {
                            throw e;
                        }
                        continue;
                    }
                    erased.add(key);
                    failedInARow = 0;
                }
            } finally { // the keys erased before the store went down too
                pending.done(erased);
            }
            done += erased.size();
        } while (keys.size() == BATCH && tried < ROUND);
        return done;
    }

    private void retryQuietly() {
        try {
            int done = retry();
            if (done > 0) {
                LOG.info("Erased {} blob(s) that could not be erased before", done);
            }
        } catch (RuntimeException e) { // the blob store or the database is still down
            LOG.warn("Erasing kept blobs failed again, tried again in {}: {}", EVERY, e.toString());
        }
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
