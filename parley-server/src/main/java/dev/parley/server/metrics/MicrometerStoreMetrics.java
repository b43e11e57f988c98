package dev.parley.server.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.parley.server.store.StoreMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Store write batches and commit latency, and HikariCP pool metrics, into Micrometer. */
public final class MicrometerStoreMetrics implements StoreMetrics {

    private final DistributionSummary batch;
    private final Timer commit;
    private final MetricsTrackerFactory pools;

    public MicrometerStoreMetrics(MeterRegistry registry) {
        this.batch = DistributionSummary.builder("parley.store.write.batch")
                .description("Writes committed per store transaction (group commit batch size)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
                .register(registry);
        this.commit = Timer.builder("parley.store.commit")
                .description("Store write transaction latency, writes and commit")
                .publishPercentileHistogram()
                .register(registry);
        this.pools = new MicrometerMetricsTrackerFactory(registry);
    }

    @Override
    public void committed(int writes, long nanos) {
        batch.record(writes);
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public MetricsTrackerFactory pools() {
        return pools;
    }
}
