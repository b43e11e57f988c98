package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshTokenStore} guarantees. */
public abstract class RefreshTokenStoreContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void storesAndFindsATokenByHash() {
        User u = stores.user();
        stores.refreshTokens().create(u.id(), "fam", "hash-1", NOW, NOW.plusSeconds(60));

        RefreshToken t = stores.refreshTokens().findByHash("hash-1").orElseThrow();
        assertThat(t.userId()).isEqualTo(u.id());
        assertThat(t.familyId()).isEqualTo("fam");
        assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(t.used()).isFalse();
        assertThat(t.revoked()).isFalse();
        assertThat(stores.refreshTokens().findByHash("other")).isEmpty();
    }

    @Test
    void marksATokenUsedExactlyOnceUnderConcurrency() throws Exception {
        User u = stores.user();
        stores.refreshTokens().create(u.id(), "fam", "hash-2", NOW, NOW.plusSeconds(60));
        long id = stores.refreshTokens().findByHash("hash-2").orElseThrow().id();

        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> stores.refreshTokens().markUsed(id, NOW)));
            }
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.refreshTokens().findByHash("hash-2").orElseThrow().usedAt())
                .isEqualTo(NOW);
    }

    @Test
    void revokingAFamilyRevokesEveryTokenOfItAndNoOther() {
        User u = stores.user();
        stores.refreshTokens().create(u.id(), "fam-a", "a1", NOW, NOW.plusSeconds(60));
        stores.refreshTokens().create(u.id(), "fam-a", "a2", NOW, NOW.plusSeconds(60));
        stores.refreshTokens().create(u.id(), "fam-b", "b1", NOW, NOW.plusSeconds(60));

        stores.refreshTokens().revokeFamily("fam-a", NOW);

        assertThat(stores.refreshTokens().findByHash("a1").orElseThrow().revoked())
                .isTrue();
        assertThat(stores.refreshTokens().findByHash("a2").orElseThrow().revoked())
                .isTrue();
        assertThat(stores.refreshTokens().findByHash("b1").orElseThrow().revoked())
                .isFalse();
        long a2 = stores.refreshTokens().findByHash("a2").orElseThrow().id();
        assertThat(stores.refreshTokens().markUsed(a2, NOW)).isFalse();
    }

    @Test
    void answersTheFamiliesRevokedSinceATime() {
        User u = stores.user();
        stores.refreshTokens().create(u.id(), "old", "o1", NOW, NOW.plusSeconds(600));
        stores.refreshTokens().create(u.id(), "recent", "r1", NOW, NOW.plusSeconds(600));
        stores.refreshTokens().create(u.id(), "recent", "r2", NOW, NOW.plusSeconds(600));
        stores.refreshTokens().create(u.id(), "live", "l1", NOW, NOW.plusSeconds(600));
        stores.refreshTokens().revokeFamily("old", NOW);
        stores.refreshTokens().revokeFamily("recent", NOW.plusSeconds(120));

        assertThat(stores.refreshTokens().familiesRevokedSince(NOW.plusSeconds(60)))
                .containsExactly("recent");
        assertThat(stores.refreshTokens().familiesRevokedSince(NOW)).containsExactlyInAnyOrder("old", "recent");
    }
}
