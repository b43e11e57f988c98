package dev.parley.server.store;

import dev.parley.core.testing.Stores;
import dev.parley.core.testing.TickingClock;
import dev.parley.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.springframework.util.FileSystemUtils;

/** Opens the JDBC stores over a fresh SQLite file or PostgreSQL schema, for the contract suites. */
final class TestStores {

    private TestStores() {}

    static Stores sqlite() throws Exception {
        Path dir = Files.createTempDirectory("parley-test");
        SqliteDatabase db = new SqliteDatabase(dir.resolve("parley.db"), 4, 256, false);
        return over(db, () -> {
            db.close();
            FileSystemUtils.deleteRecursively(dir);
        });
    }

    static Stores postgres() throws Exception {
        TestPostgres.Fresh fresh = TestPostgres.freshDatabase();
        return over(fresh.database(), fresh);
    }

    private static Stores over(Database db, AutoCloseable closer) {
        Clock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));
        return new Stores(
                new JdbcUserStore(db, clock),
                new JdbcChatStore(db, clock),
                new JdbcMessageStore(db, clock),
                new JdbcRefreshTokenStore(db),
                new JdbcStreamStore(db),
                new JdbcFriendStore(db),
                new JdbcPostStore(db),
                new JdbcProfileStore(db),
                new JdbcNotificationStore(db),
                new JdbcPendingErasures(db),
                closer);
    }
}
