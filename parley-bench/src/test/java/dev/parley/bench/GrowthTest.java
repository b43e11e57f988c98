package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The soak's growth verdict, fed readings of a 30-minute run (one a minute, 5 minutes of warm-up). */
class GrowthTest {

    private static final double WARMUP = 300;

    @Test
    void flatThreadsWithJitterPass() {
        var finding = Growth.flat("threads", minutes(m -> 40 + (m % 3) - 1), WARMUP, 10, "");

        assertThat(finding.judged()).isTrue();
        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void threadsRisingOneAMinuteFail() {
        var finding = Growth.flat("threads", minutes(m -> 40 + m), WARMUP, 10, "");

        assertThat(finding.grew()).as(finding.line()).isTrue();
        assertThat(finding.detail()).contains("+17").contains("allowed +10");
    }

    @Test
    void aRiseWithinTheMarginPasses() {
        // open files creep up by 8 over the run: under the margin of 32
        var finding = Growth.flat("open files", minutes(m -> 60 + m / 3), WARMUP, 32, "");

        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void growthDuringTheWarmUpIsNotJudged() {
        // threads climb while the server warms up, then stay
        var finding = Growth.flat("threads", minutes(m -> m < 5 ? 20 + 5 * m : 45), WARMUP, 10, "");

        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void aSpikeInTheLastThirdDoesNotMoveTheMedian() {
        var finding = Growth.flat("threads", minutes(m -> m == 28 ? 90 : 40), WARMUP, 10, "");

        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void aFlatNoisyHeapPasses() {
        // 40 MiB live, give or take 3 MiB from one reading to the next
        var finding = Growth.slope("heap after GC", minutes(m -> 40 + 3 * Math.sin(m * 1.7)), WARMUP, 32, 8, "MiB");

        assertThat(finding.judged()).isTrue();
        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void aHeapGrowingOneMibAMinuteFails() {
        var finding = Growth.slope("heap after GC", minutes(m -> 40 + m + Math.sin(m)), WARMUP, 32, 8, "MiB");

        assertThat(finding.grew()).as(finding.line()).isTrue();
        assertThat(finding.detail()).contains("limit 32"); // about 60 MiB/h
    }

    @Test
    void aSlowLeakUnderTheSlopeLimitPasses() {
        // 0.25 MiB a minute is 15 MiB/h: under the 32 MiB/h limit, so not judged a leak
        var finding = Growth.slope("heap after GC", minutes(m -> 40 + m / 4.0), WARMUP, 32, 8, "MiB");

        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void aSteepSlopeOverAShortSpanIsNoiseUnderTheFloor() {
        // 3 MiB over 2 minutes is 90 MiB/h, but the fitted rise stays under the 8 MiB floor
        List<Growth.Reading> readings = new ArrayList<>();
        for (int s = 0; s <= 120; s += 10) {
            readings.add(new Growth.Reading(s, 30 + s / 40.0));
        }
        var finding = Growth.slope("heap after GC", readings, 20, 32, 8, "MiB");

        assertThat(finding.judged()).isTrue();
        assertThat(finding.grew()).as(finding.line()).isFalse();
    }

    @Test
    void tooFewReadingsAfterTheWarmUpAreNotJudged() {
        List<Growth.Reading> readings = minutes(m -> 40 + 10 * m).subList(0, 9); // minutes 0..8: 3 after warm-up

        var finding = Growth.slope("heap after GC", readings, WARMUP, 32, 8, "MiB");

        assertThat(finding.judged()).isFalse();
        assertThat(finding.grew()).isFalse();
        assertThat(finding.line()).contains("not judged");
    }

    @Test
    void readingsThatWereNotObtainableAreLeftOut() {
        var finding = Growth.flat("open files", minutes(m -> m % 2 == 0 ? -1 : 60), WARMUP, 32, "");

        assertThat(finding.judged()).isTrue();
        assertThat(finding.grew()).isFalse();
    }

    @Test
    void theLeastSquaresSlopeOfALineIsItsSlope() {
        List<Growth.Reading> line =
                List.of(new Growth.Reading(0, 5), new Growth.Reading(10, 25), new Growth.Reading(20, 45));

        assertThat(Growth.leastSquaresSlope(line)).isEqualTo(2.0);
    }

    /** A reading every minute, minutes 0 to 30. */
    private static List<Growth.Reading> minutes(IntToDoubleFunction value) {
        List<Growth.Reading> readings = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            readings.add(new Growth.Reading(m * 60.0, value.applyAsDouble(m)));
        }
        return readings;
    }
}
