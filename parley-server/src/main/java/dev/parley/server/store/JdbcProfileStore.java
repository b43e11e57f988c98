package dev.parley.server.store;

import dev.parley.core.social.Profile;
import dev.parley.core.social.ProfileStore;
import java.time.Instant;

public final class JdbcProfileStore implements ProfileStore {

    private final Database db;

    public JdbcProfileStore(Database db) {
        this.db = db;
    }

    @Override
    public Profile get(long userId) {
        return db.read(c -> Jdbc.one(
                        c,
                        "SELECT bio, avatar FROM profiles WHERE user_id = ?",
                        rs -> new Profile(userId, rs.getString(1), rs.getString(2)),
                        userId)
                .orElse(Profile.empty(userId)));
    }

    @Override
    public Profile setBio(long userId, String bio, Instant at) {
        db.write(c -> Jdbc.update(
                c,
                "INSERT INTO profiles (user_id, bio, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_id) DO UPDATE SET bio = excluded.bio, updated_at = excluded.updated_at",
                userId,
                bio,
                at));
        return get(userId);
    }

    @Override
    public Profile setAvatar(long userId, String avatar, Instant at) {
        if (avatar == null) {
            db.write(c ->
                    Jdbc.update(c, "UPDATE profiles SET avatar = NULL, updated_at = ? WHERE user_id = ?", at, userId));
        } else {
            db.write(c -> Jdbc.update(
                    c,
                    "INSERT INTO profiles (user_id, avatar, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id)"
                            + " DO UPDATE SET avatar = excluded.avatar, updated_at = excluded.updated_at",
                    userId,
                    avatar,
                    at));
        }
        return get(userId);
    }

    @Override
    public boolean avatarInUse(String avatar) {
        return db.read(c -> Jdbc.one(c, "SELECT 1 FROM profiles WHERE avatar = ? LIMIT 1", rs -> true, avatar)
                .isPresent());
    }
}
