package dev.parley.server.store;

import dev.parley.core.account.RefreshToken;
import dev.parley.core.account.RefreshTokenStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

public final class JdbcRefreshTokenStore implements RefreshTokenStore {

    private final Database db;

    public JdbcRefreshTokenStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(long userId, String familyId, String tokenHash, Instant createdAt, Instant expiresAt) {
        db.write(c -> Jdbc.update(
                c,
                "INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                userId,
                familyId,
                tokenHash,
                createdAt,
                expiresAt));
    }

    @Override
    public Optional<RefreshToken> findByHash(String tokenHash) {
        return db.read(c -> Jdbc.one(
                c,
                "SELECT * FROM refresh_tokens WHERE token_hash = ?",
                rs -> new RefreshToken(
                        rs.getLong("id"),
                        rs.getLong("user_id"),
                        rs.getString("family_id"),
                        rs.getString("token_hash"),
                        Jdbc.instant(rs, "created_at"),
                        Jdbc.instant(rs, "expires_at"),
                        Jdbc.instant(rs, "used_at"),
                        Jdbc.instant(rs, "revoked_at")),
                tokenHash));
    }

    @Override
    public boolean markUsed(long tokenId, Instant at) {
        return db.write(c -> Jdbc.update(
                        c,
                        "UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL",
                        at,
                        tokenId)
                == 1);
    }

    @Override
    public void revokeFamily(String familyId, Instant at) {
        db.write(c -> Jdbc.update(
                c,
                "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                at,
                familyId));
    }

    @Override
    public Set<String> familiesRevokedSince(Instant since) {
        return db.read(c -> new HashSet<>(Jdbc.list(
                c,
                "SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at >= ?",
                rs -> rs.getString(1),
                since)));
    }
}
