package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency histogram in microseconds (1 µs to 1 hour, 3 significant digits), safe to record from any thread. */
final class Latency {

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);

    void recordNanos(long nanos) {
        histogram.recordValue(
                Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), histogram.getHighestTrackableValue())));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** p50, p90, p99, p99.9 and max in milliseconds. */
    Map<String, Double> summary() {
        Histogram h = histogram.copy();
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("p50", ms(h.getValueAtPercentile(50)));
        s.put("p90", ms(h.getValueAtPercentile(90)));
        s.put("p99", ms(h.getValueAtPercentile(99)));
        s.put("p99.9", ms(h.getValueAtPercentile(99.9)));
        s.put("max", ms(h.getMaxValue()));
        return s;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
