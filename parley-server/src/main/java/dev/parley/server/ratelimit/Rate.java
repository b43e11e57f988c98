package dev.parley.server.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * One limit of a rate-limit setting, written {@code COUNT/PERIOD} ({@code 5/1m}: five per minute,
 * refilled one at a time as the minute goes). A setting lists several ({@code 5/1m,20/1h}); all
 * apply at once, so past the short limit the long ones make the wait grow.
 */
public record Rate(long count, Duration period) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");

    /** Parses every limit of the setting {@code key}; a malformed one throws naming the key. */
    public static List<Rate> parseAll(String key, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty; give at least one COUNT/PERIOD, e.g. 5/1m");
        }
        List<Rate> rates = new ArrayList<>();
        for (String value : values) {
            Matcher m = FORM.matcher(value);
            Duration period = null;
            long count = 0;
            if (m.matches()) {
                count = Long.parseLong(m.group(1));
                try {
                    period = DurationStyle.detectAndParse(m.group(2));
                } catch (IllegalArgumentException e) {
                    period = null;
                }
            }
            if (period == null || count < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException(key + " holds '" + value
                        + "'; write each limit as COUNT/PERIOD with COUNT at least 1, e.g. 5/1m or 20/1h");
            }
            rates.add(new Rate(count, period));
        }
        return List.copyOf(rates);
    }

    /** A bucket holding every one of {@code rates}: each starts full, refilled token by token. */
    public static BucketConfiguration bucket(List<Rate> rates) {
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (Rate rate : rates) {
            builder.addLimit(limit -> limit.capacity(rate.count()).refillGreedy(rate.count(), rate.period()));
        }
        return builder.build();
    }
}
