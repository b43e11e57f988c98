package dev.parley.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A deterministic clock for tests: every reading is one millisecond after the previous one. */
public final class TickingClock extends Clock {

    private final AtomicLong millis;

    public TickingClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Moves the clock on (a test that waits out a time limit). */
    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.incrementAndGet());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
