package dev.parley.server.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.function.Supplier;

/**
 * Where rate-limit buckets live, by key ({@code login-account:ann}, {@code write:42}). The default,
 * {@link LocalBucketStore}, keeps them in this process; a store shared by the nodes of a cluster
 * (Bucket4j's proxy managers over Redis or PostgreSQL answer the same {@link Bucket}) makes the
 * limits hold cluster-wide. Thread-safe.
 */
public interface BucketStore {

    /**
     * The bucket of {@code key}, made from {@code configuration} the first time the key is seen (or
     * after it was forgotten, which a store may do only for a bucket that is full again).
     */
    Bucket bucket(String key, Supplier<BucketConfiguration> configuration);
}
