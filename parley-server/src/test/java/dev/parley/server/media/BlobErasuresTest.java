package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.media.BlobStore;
import dev.parley.core.media.PendingErasures;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        blobs.refusing = Set.of("files/b", "files/c");

        erasures.erase(List.of("files/a", "files/b", "files/c")); // does not throw: the rows are gone already

        assertThat(blobs.keys()).containsExactlyInAnyOrder("files/b", "files/c");
        assertThat(pending.oldest(10)).containsExactly("files/b", "files/c");

        assertThatThrownBy(erasures::retry)
                .as("still down: tried again later")
                .isInstanceOf(IllegalStateException.class);
        assertThat(pending.oldest(10)).containsExactly("files/b", "files/c");

        blobs.refusing = Set.of();
        assertThat(erasures.retry()).isEqualTo(2);
        assertThat(blobs.keys()).isEmpty();
        assertThat(pending.oldest(10)).isEmpty();
        assertThat(erasures.retry()).isZero();
    }

    /** A blob store whose deletes of some keys fail, as when it is down. */
    private static final class Blobs implements BlobStore {
        private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
        volatile Set<String> refusing = Set.of();

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
            if (refusing.contains(key)) {
                throw new IllegalStateException("the blob store is down");
            }
            stored.remove(key);
        }
    }

    private static final class KeptInMemory implements PendingErasures {
        private final Map<String, Instant> kept = new LinkedHashMap<>();

        @Override
        public synchronized void add(List<String> keys, Instant at) {
            keys.forEach(key -> kept.putIfAbsent(key, at));
        }

        @Override
        public synchronized List<String> oldest(int limit) {
            return new ArrayList<>(kept.keySet()).stream().limit(limit).toList();
        }

        @Override
        public synchronized void done(String key) {
            kept.remove(key);
        }
    }
}
