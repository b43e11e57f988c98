package dev.parley.core.account;

import java.time.Instant;

/**
 * A stored refresh token. Only the hash of the secret is kept. Tokens issued by rotating one
 * another share a {@code familyId}; reuse of a rotated token revokes the whole family.
 */
public record RefreshToken(
        long id,
        long userId,
        String familyId,
        String tokenHash,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt,
        Instant revokedAt) {

    public boolean used() {
        return usedAt != null;
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
