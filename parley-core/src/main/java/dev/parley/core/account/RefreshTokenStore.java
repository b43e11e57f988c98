package dev.parley.core.account;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of refresh tokens, by the hash of their secret. Thread-safe; may block on I/O.
 */
public interface RefreshTokenStore {

    void create(long userId, String familyId, String tokenHash, Instant createdAt, Instant expiresAt);

    Optional<RefreshToken> findByHash(String tokenHash);

    /**
     * Marks a token used, atomically: of several concurrent calls for one token exactly one returns
     * {@code true}; a token already used or revoked returns {@code false}.
     */
    boolean markUsed(long tokenId, Instant at);

    /** Revokes every token of the family; revoked tokens can never be used again. */
    void revokeFamily(String familyId, Instant at);

    /** The families revoked at or after {@code since} (a node starting learns of recent logouts). */
    Set<String> familiesRevokedSince(Instant since);
}
