package dev.parley.server.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Buckets in this process's memory. Every {@code sweepEvery} it forgets the buckets left untouched
 * for longer than their longest refill period: such a bucket is full again, the same as a new one.
 * So keys an attacker makes up (usernames, addresses) cost memory only while they are in use.
 */
public final class LocalBucketStore implements BucketStore, AutoCloseable {

    private static final class Entry {
        final LocalBucket bucket;
        final long refilledAfterNanos;
        volatile long touched = System.nanoTime();

        Entry(LocalBucket bucket, long refilledAfterNanos) {
            this.bucket = bucket;
            this.refilledAfterNanos = refilledAfterNanos;
        }
    }

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public LocalBucketStore(Duration sweepEvery) {
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-rate-limit-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(
                this::forgetRefilledBuckets, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Bucket bucket(String key, Supplier<BucketConfiguration> configuration) {
        Entry entry = buckets.computeIfAbsent(key, k -> create(configuration.get()));
        entry.touched = System.nanoTime();
        return entry.bucket;
    }

    private static Entry create(BucketConfiguration configuration) {
        LocalBucketBuilder builder = Bucket.builder();
        long longest = 0;
        for (Bandwidth limit : configuration.getBandwidths()) {
            builder.addLimit(limit);
            longest = Math.max(longest, limit.getRefillPeriodNanos());
        }
        return new Entry(builder.build(), longest);
    }

    /** Buckets held now. */
    int size() {
        return buckets.size();
    }

    void forgetRefilledBuckets() {
        long now = System.nanoTime();
        buckets.values().removeIf(e -> now - e.touched > e.refilledAfterNanos);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
