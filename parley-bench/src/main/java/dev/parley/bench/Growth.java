package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a server gauge sampled through a soak grew without bound. Only the samples after the
 * warm-up are judged, and at least {@link #MIN_SAMPLES} of them are needed; with fewer the gauge
 * is reported as not judged (which does not fail the run: a short run cannot tell).
 *
 * <ul>
 *   <li>{@link #flat}: counts that must come back to the same level (threads, open files): the
 *       median of the last third of the judged samples may exceed the median of the first third
 *       by at most an absolute margin.
 *   <li>{@link #slope}: amounts that may wander (memory): the least-squares slope over the judged
 *       samples may not exceed a limit per hour, unless the rise that slope makes over the judged
 *       span stays under a noise floor (so minutes of data are not extrapolated to an hour).
 * </ul>
 */
final class Growth {

    static final int MIN_SAMPLES = 6;

    /** One reading of a gauge, {@code seconds} into the run; a negative value was not obtainable. */
    record Reading(double seconds, double value) {}

    /** The judgement of one gauge: {@code judged} false when there were too few samples to tell. */
    record Finding(String gauge, boolean judged, boolean grew, String detail) {

        String line() {
            return String.format("%-14s %s: %s", gauge, !judged ? "not judged" : grew ? "GREW" : "ok", detail);
        }
    }

    private Growth() {}

    /** Fails when the last third's median exceeds the first third's by more than {@code margin}. */
    static Finding flat(String gauge, List<Reading> series, double warmupSeconds, double margin, String unit) {
        List<Reading> judged = judged(series, warmupSeconds);
        if (judged.size() < MIN_SAMPLES) {
            return tooFew(gauge, judged.size());
        }
        int third = judged.size() / 3;
        double first = median(judged.subList(0, third));
        double last = median(judged.subList(judged.size() - third, judged.size()));
        double rise = last - first;
        boolean grew = rise > margin;
        return new Finding(
                gauge,
                true,
                grew,
                String.format(
                        "median %s%s in the first third of %d samples after warm-up, %s%s in the last: %+.0f%s"
                                + " (allowed %+.0f%s)",
                        number(first), unit, judged.size(), number(last), unit, rise, unit, margin, unit));
    }

    /**
     * Fails when the least-squares slope exceeds {@code limitPerHour} and the rise it fits over the
     * judged span exceeds {@code noiseFloor}; values and limits in the same unit (MiB, say).
     */
    static Finding slope(
            String gauge,
            List<Reading> series,
            double warmupSeconds,
            double limitPerHour,
            double noiseFloor,
            String unit) {
        List<Reading> judged = judged(series, warmupSeconds);
        if (judged.size() < MIN_SAMPLES) {
            return tooFew(gauge, judged.size());
        }
        double perSecond = leastSquaresSlope(judged);
        double span = judged.get(judged.size() - 1).seconds() - judged.get(0).seconds();
        double perHour = perSecond * 3600;
        double fittedRise = perSecond * span;
        boolean grew = perHour > limitPerHour && fittedRise > noiseFloor;
        return new Finding(
                gauge,
                true,
                grew,
                String.format(
                        "%s %s to %s %s over %d samples after warm-up; slope %+.1f %s/h (limit %.0f), fitted rise"
                                + " %+.1f %s over %.0f min (noise floor %.0f)",
                        number(judged.get(0).value()),
                        unit,
                        number(judged.get(judged.size() - 1).value()),
                        unit,
                        judged.size(),
                        perHour,
                        unit,
                        limitPerHour,
                        fittedRise,
                        unit,
                        span / 60,
                        noiseFloor));
    }

    /** The slope of the least-squares line through the readings, in value per second. */
    static double leastSquaresSlope(List<Reading> readings) {
        double meanX = readings.stream().mapToDouble(Reading::seconds).average().orElse(0);
        double meanY = readings.stream().mapToDouble(Reading::value).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Reading r : readings) {
            covariance += (r.seconds() - meanX) * (r.value() - meanY);
            variance += (r.seconds() - meanX) * (r.seconds() - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static List<Reading> judged(List<Reading> series, double warmupSeconds) {
        List<Reading> judged = new ArrayList<>();
        for (Reading r : series) {
            if (r.seconds() > warmupSeconds && r.value() >= 0) {
                judged.add(r);
            }
        }
        return judged;
    }

    private static Finding tooFew(String gauge, int samples) {
        return new Finding(
                gauge,
                false,
                false,
                String.format("only %d samples after warm-up; %d are needed to tell growth", samples, MIN_SAMPLES));
    }

    private static double median(List<Reading> readings) {
        double[] values = readings.stream().mapToDouble(Reading::value).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.1f", value);
    }
}
