package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.ParleyException;
import dev.parley.core.testing.TickingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation: reuse detection, with a grace for refreshes that race each other. */
class AccountServiceRefreshTest {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MemoryTokens tokens = new MemoryTokens();
    private final List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AccountService accounts = new AccountService(
            new OneUser(),
            tokens,
            new PlainHasher(),
            new CountingAccessTokens(),
            (userId, sessionId) -> ended.add(userId + ":" + sessionId),
            clock,
            policy(GRACE));

    @Test
    void aRefreshRotatesTheTokenAndTheNewOneWorks() {
        Session login = accounts.login("ann", "password");
        Session rotated = accounts.refresh(login.refreshToken());
        assertThat(rotated.refreshToken()).isNotEqualTo(login.refreshToken());
        clock.advance(Duration.ofMinutes(5));
        assertThat(accounts.refresh(rotated.refreshToken()).refreshToken()).isNotEqualTo(rotated.refreshToken());
    }

    @Test
    void theRotatedTokenPresentedAgainWithinTheGraceAnswersTheSameNewToken() {
        Session login = accounts.login("ann", "password");
        Session first = accounts.refresh(login.refreshToken());
        clock.advance(GRACE.minusSeconds(1));
        Session second = accounts.refresh(login.refreshToken());

        assertThat(second.refreshToken()).isEqualTo(first.refreshToken());
        assertThat(second.user()).isEqualTo(first.user());
        assertThat(tokens.familyRevoked()).isFalse();
        assertThat(ended).isEmpty();
        assertThat(accounts.refresh(first.refreshToken()).refreshToken()).isNotBlank();
    }

    @Test
    void reuseAfterTheGraceStillRevokesTheWholeLogin() {
        Session login = accounts.login("ann", "password");
        Session rotated = accounts.refresh(login.refreshToken());
        clock.advance(GRACE.plusMillis(1));

        assertThatThrownBy(() -> accounts.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(
                        ParleyException.class, e -> assertThat(e.code()).isEqualTo("refresh_token_reused"));
        assertThat(tokens.familyRevoked()).isTrue();
        assertThat(ended)
                .as("the login's session ends: its access tokens and sockets")
                .hasSize(1);
        assertThatThrownBy(() -> accounts.refresh(rotated.refreshToken()))
                .isInstanceOfSatisfying(
                        ParleyException.class, e -> assertThat(e.code()).isEqualTo("invalid_refresh_token"));
    }

    @Test
    void logoutEndsTheSessionEveryTokenOfTheLoginBelongsTo() {
        Session login = accounts.login("ann", "password");
        Session rotated = accounts.refresh(login.refreshToken());

        accounts.logout(rotated.refreshToken());

        assertThat(ended).hasSize(1);
        assertThat(login.accessToken())
                .as("both access tokens name the session that ended")
                .contains(ended.get(0).split(":")[1]);
        assertThat(rotated.accessToken()).contains(ended.get(0).split(":")[1]);
    }

    @Test
    void withoutAGraceAnyReuseRevokes() {
        AccountService strict = new AccountService(
                new OneUser(),
                tokens,
                new PlainHasher(),
                new CountingAccessTokens(),
                SessionEvents.NONE,
                clock,
                policy(Duration.ZERO));
        Session login = strict.login("ann", "password");
        strict.refresh(login.refreshToken());
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> strict.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(
                        ParleyException.class, e -> assertThat(e.code()).isEqualTo("refresh_token_reused"));
    }

    @Test
    void eightParallelRefreshesWithOneTokenAllGetTheSameNewTokenAndNothingIsRevoked() throws Exception {
        Session login = accounts.login("ann", "password");
        ExecutorService tabs = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Session>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(tabs.submit(() -> {
                    go.await();
                    return accounts.refresh(login.refreshToken());
                }));
            }
            go.countDown();
            Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
            for (Future<Session> answer : answers) {
                refreshTokens.add(answer.get(10, TimeUnit.SECONDS).refreshToken());
            }
            assertThat(refreshTokens).hasSize(1).doesNotContain(login.refreshToken());
            assertThat(tokens.familyRevoked()).isFalse();
            assertThat(tokens.created()).as("one new token stored, not eight").isEqualTo(2);
            assertThat(accounts.refresh(refreshTokens.iterator().next()).refreshToken())
                    .isNotBlank();
        } finally {
            tabs.shutdownNow();
        }
    }

    private static RefreshPolicy policy(Duration grace) {
        return new RefreshPolicy(Duration.ofDays(30), grace, "a secret of at least thirty-two bytes!".getBytes());
    }

    /** Refresh tokens in memory, with the store contract's atomic markUsed. */
    private static final class MemoryTokens implements RefreshTokenStore {
        private final Map<Long, RefreshToken> byId = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();

        @Override
        public void create(long userId, String familyId, String tokenHash, Instant createdAt, Instant expiresAt) {
            long id = ids.incrementAndGet();
            byId.put(id, new RefreshToken(id, userId, familyId, tokenHash, createdAt, expiresAt, null, null));
        }

        @Override
        public Optional<RefreshToken> findByHash(String tokenHash) {
            return byId.values().stream()
                    .filter(t -> t.tokenHash().equals(tokenHash))
                    .findFirst();
        }

        @Override
        public synchronized boolean markUsed(long tokenId, Instant at) {
            RefreshToken t = byId.get(tokenId);
            if (t == null || t.used() || t.revoked()) {
                return false;
            }
            byId.put(
                    tokenId,
                    new RefreshToken(
                            t.id(), t.userId(), t.familyId(), t.tokenHash(), t.createdAt(), t.expiresAt(), at, null));
            return true;
        }

        @Override
        public synchronized void revokeFamily(String familyId, Instant at) {
            byId.replaceAll((id, t) -> t.familyId().equals(familyId) && !t.revoked()
                    ? new RefreshToken(
                            t.id(),
                            t.userId(),
                            t.familyId(),
                            t.tokenHash(),
                            t.createdAt(),
                            t.expiresAt(),
                            t.usedAt(),
                            at)
                    : t);
        }

        boolean familyRevoked() {
            return byId.values().stream().anyMatch(RefreshToken::revoked);
        }

        int created() {
            return byId.size();
        }

        @Override
        public synchronized java.util.Set<String> familiesRevokedSince(Instant since) {
            return byId.values().stream()
                    .filter(t -> t.revoked() && !t.revokedAt().isBefore(since))
                    .map(RefreshToken::familyId)
                    .collect(Collectors.toSet());
        }
    }

    private static final class OneUser implements UserStore {
        private final User ann = new User(1, "ann", "Ann", Instant.EPOCH);

        @Override
        public Optional<User> create(String username, String displayName, String passwordHash) {
            return Optional.empty();
        }

        @Override
        public Optional<User> findById(long id) {
            return id == 1 ? Optional.of(ann) : Optional.empty();
        }

        @Override
        public Optional<Credentials> findCredentials(String username) {
            return username.equals("ann") ? Optional.of(new Credentials(ann, "hash:password")) : Optional.empty();
        }

        @Override
        public List<User> search(String prefix, int limit) {
            return List.of();
        }

        @Override
        public List<User> findAll(Collection<Long> ids) {
            return ids.stream().map(this::findById).flatMap(Optional::stream).collect(Collectors.toList());
        }

        @Override
        public List<User> findByUsernames(Collection<String> usernames) {
            return usernames.contains(ann.username()) ? List.of(ann) : List.of();
        }

        @Override
        public Optional<User> updateDisplayName(long id, String displayName) {
            return Optional.empty();
        }
    }

    private static final class PlainHasher implements PasswordHasher {
        @Override
        public String hash(String password) {
            return "hash:" + password;
        }

        @Override
        public boolean matches(String password, String hash) {
            return hash.equals("hash:" + password);
        }
    }

    private static final class CountingAccessTokens implements AccessTokens {
        private final AtomicLong issued = new AtomicLong();

        @Override
        public String issue(long userId, String sessionId) {
            return "access-" + userId + "-" + sessionId + "-" + issued.incrementAndGet();
        }

        @Override
        public Duration ttl() {
            return Duration.ofMinutes(15);
        }
    }
}
