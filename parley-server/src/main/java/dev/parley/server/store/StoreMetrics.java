package dev.parley.server.store;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;

/** What the databases report: committed write batches, and their connection pools. */
public interface StoreMetrics {

    /** A write transaction committed {@code writes} writes (a group commit batch) in {@code nanos}. */
    void committed(int writes, long nanos);

    /** Pool metrics for HikariCP; null for none. */
    MetricsTrackerFactory pools();

    StoreMetrics NONE = new StoreMetrics() {
        @Override
        public void committed(int writes, long nanos) {}

        @Override
        public MetricsTrackerFactory pools() {
            return null;
        }
    };
}
