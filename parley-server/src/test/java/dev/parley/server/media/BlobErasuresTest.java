package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.media.BlobStore;
import dev.parley.core.media.PendingErasures;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlobErasuresTest {

    private final Blobs blobs = new Blobs();
    private final KeptInMemory pending = new KeptInMemory();
    private final BlobErasures erasures = new BlobErasures(blobs, pending, Clock.systemUTC());

    @AfterEach
    void stop() {
        erasures.destroy();
    }

    @Test
    void erasesNowWhenTheStoreCanAndKeepsNothing() {
        blobs.put("files/a", new byte[] {1});
        blobs.put("files/b", new byte[] {2});

        erasures.erase(List.of("files/a", "files/b"));

        assertThat(blobs.keys()).isEmpty();
        assertThat(pending.oldest(10)).isEmpty();
    }

    @Test
    void whatTheStoreCannotEraseNowIsKeptAndErasedOnceItCan() {
        blobs.put("files/a", new byte[] {1});
        blobs.put("files/b", new byte[] {2});
        blobs.put("files/c", new byte[] {3});
        blobs.refusing = Set.of("files/b");

        erasures.erase(List.of("files/a", "files/b", "files/c")); // does not throw: the rows are gone already

        assertThat(blobs.keys())
                .as("after the first failure the rest are kept, not tried")
                .containsExactlyInAnyOrder("files/b", "files/c");
        assertThat(pending.oldest(10)).containsExactly("files/b", "files/c");

        assertThat(erasures.retry()).as("c is erased, b is refused again").isEqualTo(1);
        assertThat(pending.oldest(10)).containsExactly("files/b");

        blobs.refusing = Set.of();
        assertThat(erasures.retry()).isEqualTo(1);
        assertThat(blobs.keys()).isEmpty();
        assertThat(pending.oldest(10)).isEmpty();
        assertThat(erasures.retry()).isZero();
    }

    @Test
    void aKeyRefusedForGoodHoldsUpNoOtherAndFailuresInARowEndTheRound() {
        for (String key : List.of("files/bad", "files/x", "files/y")) {
            blobs.put(key, new byte[] {1});
            pending.add(List.of(key), Instant.EPOCH);
        }
        blobs.refusing = Set.of("files/bad");
        assertThat(erasures.retry()).isEqualTo(2);
        assertThat(pending.oldest(10)).containsExactly("files/bad");

        List<String> down = List.of("files/1", "files/2", "files/3", "files/4");
        down.forEach(key -> blobs.put(key, new byte[] {1}));
        pending.add(down, Instant.EPOCH);
        blobs.refusing = Set.of("files/bad", "files/1", "files/2", "files/3", "files/4");
        assertThatThrownBy(erasures::retry)
                .as("the store is down: the round ends")
                .isInstanceOf(IllegalStateException.class);
        assertThat(blobs.deletesTried)
                .as("three failures in a row, then no more")
                .hasValue(3 + 3);

        // the keys erased before the store went down are forgotten even though the round failed
        blobs.refusing = Set.of("files/1", "files/2", "files/3", "files/4");
        pending.later("files/bad", Instant.EPOCH.minusSeconds(1)); // first in line, erased now
        assertThatThrownBy(erasures::retry).isInstanceOf(IllegalStateException.class);
        assertThat(pending.oldest(10)).doesNotContain("files/bad").contains("files/1", "files/2", "files/3");
    }

    @Test
    void aRoundGoesOnPastABatch() {
        List<String> keys = IntStream.range(0, 250).mapToObj(i -> "files/" + i).toList();
        pending.add(keys, Instant.EPOCH);

        assertThat(erasures.retry()).isEqualTo(250);
        assertThat(pending.oldest(10)).isEmpty();
        assertThat(pending.doneCommits)
                .as("one commit a batch of 100, not one a key")
                .hasValue(3);
    }

    @Test
    void eraseNeverThrowsEvenWhenTheKeysCannotBeKept() {
        blobs.refusing = Set.of("files/a");
        pending.broken = true;

        erasures.erase(List.of("files/a"));

        assertThat(blobs.deletesTried).hasValue(1);
    }

    /** A blob store whose deletes of some keys fail, as when it is down. */
    private static final class Blobs implements BlobStore {
        private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
        volatile Set<String> refusing = Set.of();
        final AtomicInteger deletesTried = new AtomicInteger();

        Set<String> keys() {
            return stored.keySet();
        }

        @Override
        public void put(String key, byte[] bytes) {
            stored.put(key, bytes);
        }

        @Override
        public void putFile(String key, Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(stored.get(key));
        }

        @Override
        public Optional<InputStream> open(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            deletesTried.incrementAndGet();
            if (refusing.contains(key)) {
                throw new IllegalStateException("the blob store is down");
            }
            stored.remove(key);
        }
    }

    private static final class KeptInMemory implements PendingErasures {
        private final Map<String, Instant> kept = new LinkedHashMap<>();
        final AtomicInteger doneCommits = new AtomicInteger();
        volatile boolean broken;

        @Override
        public synchronized void add(List<String> keys, Instant at) {
            if (broken) {
                throw new IllegalStateException("the database is down too");
            }
            keys.forEach(key -> kept.putIfAbsent(key, at));
        }

        @Override
        public synchronized List<String> oldest(int limit) {
            return kept.entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .limit(limit)
                    .toList();
        }

        @Override
        public synchronized void done(List<String> keys) {
            if (!keys.isEmpty()) {
                doneCommits.incrementAndGet();
            }
            keys.forEach(kept::remove);
        }

        @Override
        public synchronized void later(String key, Instant at) {
            kept.replace(key, at);
        }
    }
}
