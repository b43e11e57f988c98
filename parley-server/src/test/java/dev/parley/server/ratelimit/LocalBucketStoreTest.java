package dev.parley.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBucketStoreTest {

    @Test
    void theSameKeyKeepsItsBucketAndOtherKeysHaveTheirOwn() {
        try (LocalBucketStore store = new LocalBucketStore(Duration.ofHours(1))) {
            BucketConfiguration two = Rate.bucket(Rate.parseAll("k", List.of("2/1h")));
            Bucket a = store.bucket("a", () -> two);
            assertThat(a.tryConsume(2)).isTrue();
            assertThat(store.bucket("a", () -> two).tryConsume(1)).isFalse();
            assertThat(store.bucket("b", () -> two).tryConsume(1)).isTrue();
        }
    }

    @Test
    void bucketsUntouchedForTheirLongestPeriodAreForgottenAndOthersKept() throws Exception {
        try (LocalBucketStore store = new LocalBucketStore(Duration.ofHours(1))) {
            BucketConfiguration quick = Rate.bucket(Rate.parseAll("k", List.of("1/100ms")));
            BucketConfiguration layered = Rate.bucket(Rate.parseAll("k", List.of("1/100ms", "5/1h")));
            store.bucket("quick", () -> quick).tryConsume(1);
            store.bucket("layered", () -> layered).tryConsume(1);
            Thread.sleep(250);
            store.forgetRefilledBuckets();
            assertThat(store.size())
                    .as("the hour-long limit still remembers its use")
                    .isEqualTo(1);
            assertThat(store.bucket("layered", () -> layered).getAvailableTokens())
                    .isEqualTo(1);
        }
    }

    @Test
    void ratesAreReadAsCountSlashPeriodAndAMalformedOneNamesItsKey() {
        assertThat(Rate.parseAll("k", List.of("5/1m", " 20 / 1h ")))
                .containsExactly(new Rate(5, Duration.ofMinutes(1)), new Rate(20, Duration.ofHours(1)));
        for (String bad : List.of("5", "five/1m", "0/1m", "5/0s", "5/soon")) {
            assertThatThrownBy(() -> Rate.parseAll("parley.auth.x", List.of(bad)))
                    .as(bad)
                    .hasMessageContaining("parley.auth.x")
                    .hasMessageContaining("COUNT/PERIOD");
        }
    }
}
