package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class UploadPaceTest {

    private static final long YIELD = Duration.ofMillis(5).toNanos();
    private static final double NO_CAP = Double.POSITIVE_INFINITY;

    @Test
    void aWindowWhoseLoopsWaitedTooLongHalvesTheRateDownToTheFloor() {
        assertThat(UploadPace.next(40e6, YIELD + 1, true, NO_CAP, YIELD)).isEqualTo(20e6);
        assertThat(UploadPace.next(1.5e6, YIELD * 10, true, NO_CAP, YIELD)).isEqualTo(UploadPace.FLOOR);
        // unpaced uploads are cut to half of the highest paced rate, not to half of infinity
        assertThat(UploadPace.next(NO_CAP, YIELD + 1, true, NO_CAP, YIELD)).isEqualTo(UploadPace.UNPACED / 2);
    }

    @Test
    void aQuietWindowGrowsTheRateByAQuarterUpToTheCapOrToNoPaceAtAll() {
        assertThat(UploadPace.next(20e6, YIELD / 2, true, NO_CAP, YIELD)).isEqualTo(25e6);
        assertThat(UploadPace.next(220e6, 0, true, NO_CAP, YIELD)).isEqualTo(NO_CAP);
        assertThat(UploadPace.next(18e6, 0, true, 20e6, YIELD)).isEqualTo(20e6);
        assertThat(UploadPace.next(20e6, 0, true, 20e6, YIELD)).isEqualTo(20e6);
    }

    @Test
    void aWindowWithoutUploadsSetsTheRateToTheStartOrTheCapIfLower() {
        assertThat(UploadPace.next(NO_CAP, 0, false, NO_CAP, YIELD)).isEqualTo(UploadPace.START);
        assertThat(UploadPace.next(100e6, YIELD / 2, false, NO_CAP, YIELD)).isEqualTo(UploadPace.START);
        assertThat(UploadPace.next(UploadPace.FLOOR, YIELD * 10, false, NO_CAP, YIELD))
                .as("loops late with no uploads are no reason to start slower")
                .isEqualTo(UploadPace.START);
        assertThat(UploadPace.next(20e6, 0, false, 8e6, YIELD))
                .as("a cap below the start")
                .isEqualTo(8e6);
    }

    @Test
    void bandwidthTellsWhetherUploadsAskedForBytesOrHoldTurnsSinceItWasLastAsked() {
        Bandwidth unpaced = new Bandwidth(NO_CAP);
        assertThat(unpaced.used()).isFalse();
        unpaced.share().take(1).block(Duration.ofMillis(100));
        assertThat(unpaced.used()).isTrue();
        assertThat(unpaced.used()).isFalse();

        Bandwidth slow = new Bandwidth(1_000_000);
        slow.share().take(10_000_000).block(Duration.ofMillis(100)); // ten seconds of turns ahead
        assertThat(slow.used()).isTrue();
        assertThat(slow.used()).as("turns still ahead").isTrue();
    }

    @Test
    void aCapBelowTheFloorHoldsEvenWhileTheLoopsAreLate() {
        assertThat(UploadPace.next(500_000, YIELD + 1, true, 500_000, YIELD)).isEqualTo(500_000);
        assertThat(UploadPace.next(NO_CAP, YIELD + 1, true, 500_000, YIELD)).isEqualTo(500_000);
    }

    @Test
    void aWindowBetweenHalfTheYieldAndTheYieldKeepsTheRate() {
        assertThat(UploadPace.next(30e6, YIELD, true, NO_CAP, YIELD)).isEqualTo(30e6);
        assertThat(UploadPace.next(30e6, YIELD / 2 + 1, true, NO_CAP, YIELD)).isEqualTo(30e6);
    }

    @Test
    void bytesWaitTheirTurnAtTheCurrentRateAndGoAtOnceWithoutOne() throws Exception {
        Bandwidth bandwidth = new Bandwidth(1_000_000);
        Bandwidth.Share upload = bandwidth.share();
        upload.take(1_000_000).block(Duration.ofMillis(100)); // the first turn is now
        // the next byte waits for the megabyte before it: about a second
        CompletableFuture<Void> next = upload.take(1).toFuture();
        assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        next.get(5, TimeUnit.SECONDS);

        bandwidth.rate(NO_CAP); // the rate moves: the next megabyte goes at once
        upload.take(1_000_000).toFuture().get(100, TimeUnit.MILLISECONDS);

        // turns taken at a slow rate are counted again when it grows: 10 MB reserved at 1 MB/s
        // (10 s ahead) take a hundredth of that at 100 MB/s, so the next chunk waits ~0.1 s, not 10
        Bandwidth growing = new Bandwidth(1_000_000);
        Bandwidth.Share grower = growing.share();
        grower.take(10_000_000).block(Duration.ofMillis(100));
        growing.rate(100_000_000);
        grower.take(1).toFuture().get(2, TimeUnit.SECONDS);
        Bandwidth unpaced = new Bandwidth(NO_CAP);
        Bandwidth.Share fast = unpaced.share();
        for (int i = 0; i < 3; i++) {
            fast.take(64 * 1024 * 1024).toFuture().get(100, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void theOldestUploadGoesFirstWhileTheOthersMoveInTurnSoTheyEndOneAfterAnother() throws Exception {
        // a turn of 20 kB every 20 ms: longer than a late timer makes up, so one that is late hands
        // out one turn, not two (a second would go to a younger upload)
        Bandwidth bandwidth = new Bandwidth(1_000_000);
        List<String> turns = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<?> oldest = upload(bandwidth.share(), "old", 40, turns);
        CompletableFuture<?> middle = upload(bandwidth.share(), "middle", 40, turns);
        CompletableFuture<?> youngest = upload(bandwidth.share(), "young", 40, turns);
        CompletableFuture.allOf(oldest, middle, youngest).get(10, TimeUnit.SECONDS);

        List<String> order = List.copyOf(turns);
        int oldestDone = order.lastIndexOf("old");
        int middleDone = order.lastIndexOf("middle");
        assertThat(oldestDone).as("the oldest ends first").isLessThan(middleDone);
        assertThat(middleDone).as("then the next oldest").isLessThan(order.lastIndexOf("young"));
        List<String> whileOldestRan = order.subList(0, oldestDone + 1);
        // the oldest has three quarters of the turns and a third of the rest: 40 turns of ~48
        assertThat(Collections.frequency(whileOldestRan, "young"))
                .as("the youngest moved while the oldest ran, but far less")
                .isBetween(1, 12);
        assertThat(Collections.frequency(whileOldestRan, "middle")).isBetween(1, 12);
    }

    @Test
    void aChunkThatStopsWaitingGivesUpItsTurn() throws Exception {
        Bandwidth bandwidth = new Bandwidth(1_000_000);
        bandwidth.share().take(10_000_000).block(Duration.ofMillis(100)); // the next turn is ten seconds away
        Disposable given = bandwidth.share().take(1).subscribe();
        CompletableFuture<Void> next = bandwidth.share().take(1).toFuture();
        assertThat(bandwidth.waiting()).isEqualTo(2);
        given.dispose(); // the upload ended (its client went away)
        assertThat(bandwidth.waiting()).isOne();
        bandwidth.rate(NO_CAP); // what waits goes at once
        next.get(2, TimeUnit.SECONDS);
        assertThat(bandwidth.waiting()).isZero();
    }

    /** Takes {@code chunks} turns of 20 kB one after another, as an upload does, noting each. */
    private static CompletableFuture<Void> upload(Bandwidth.Share share, String name, int chunks, List<String> turns) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        takeNext(share, name, chunks, turns, done);
        return done;
    }

    private static void takeNext(
            Bandwidth.Share share, String name, int left, List<String> turns, CompletableFuture<Void> done) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        share.take(20_000).subscribe(null, done::completeExceptionally, () -> {
            turns.add(name);
            takeNext(share, name, left - 1, turns, done);
        });
    }
}
