package dev.parley.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link PendingErasures} guarantees. */
public abstract class PendingErasuresContract extends StoreContract {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void keepsEachKeyOnceOldestFirstUntilDone() {
        PendingErasures pending = stores.erasures();
        pending.add(List.of("files/b", "files/c"), T.plusSeconds(1));
        pending.add(List.of("files/a"), T);
        pending.add(List.of("files/b"), T.plusSeconds(5)); // kept already: stays as it was

        assertThat(pending.oldest(10)).containsExactly("files/a", "files/b", "files/c");
        assertThat(pending.oldest(2)).containsExactly("files/a", "files/b");

        pending.done(List.of("files/a", "files/nothing-kept"));
        pending.done(List.of());
        assertThat(pending.oldest(10)).containsExactly("files/b", "files/c");
        pending.add(List.of(), T);
        assertThat(pending.oldest(10)).hasSize(2);

        pending.later("files/b", T.plusSeconds(60));
        assertThat(pending.oldest(10)).as("failed again: behind the others").containsExactly("files/c", "files/b");
    }
}
