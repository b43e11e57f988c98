package dev.parley.server.store;

import dev.parley.core.media.PendingErasures;
import java.time.Instant;
import java.util.List;

public final class JdbcPendingErasures implements PendingErasures {

    private final Database db;

    public JdbcPendingErasures(Database db) {
        this.db = db;
    }

    @Override
    public void add(List<String> keys, Instant at) {
        if (keys.isEmpty()) {
            return;
        }
        db.write(c -> {
            for (String key : keys) {
                Jdbc.update(
                        c,
                        "INSERT INTO blob_erasures (blob_key, failed_at) VALUES (?, ?) ON CONFLICT (blob_key) DO NOTHING",
                        key,
                        at);
            }
            return null;
        });
    }

    @Override
    public List<String> oldest(int limit) {
        return db.read(c -> Jdbc.list(
                c,
                "SELECT blob_key FROM blob_erasures ORDER BY failed_at, blob_key LIMIT ?",
                rs -> rs.getString(1),
                limit));
    }

    @Override
    public void done(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        db.write(c -> {
            for (String key : keys) {
                Jdbc.update(c, "DELETE FROM blob_erasures WHERE blob_key = ?", key);
            }
            return null;
        });
    }

    @Override
    public void later(String key, Instant at) {
        db.write(c -> Jdbc.update(c, "UPDATE blob_erasures SET failed_at = ? WHERE blob_key = ?", at, key));
    }
}
