package dev.parley.server.store;

import dev.parley.core.account.Credentials;
import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

public final class JdbcUserStore implements UserStore {

    private static final String COLUMNS = "id, username, display_name, created_at";

    private final Database db;
    private final Clock clock;

    public JdbcUserStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<User> create(String username, String displayName, String passwordHash) {
        try {
            return Optional.of(db.write(c -> Jdbc.one(
                            c,
                            "INSERT INTO users (username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?)"
                                    + " RETURNING " + COLUMNS,
                            JdbcUserStore::user,
                            username,
                            displayName,
                            passwordHash,
                            clock.instant())
                    .orElseThrow()));
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<User> findById(long id) {
        return db.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserStore::user, id));
    }

    @Override
    public Optional<Credentials> findCredentials(String username) {
        return db.read(c -> Jdbc.one(
                c,
                "SELECT " + COLUMNS + ", password_hash FROM users WHERE username = ?",
                rs -> new Credentials(user(rs), rs.getString("password_hash")),
                username));
    }

    @Override
    public List<User> search(String prefix, int limit) {
        String pattern = Jdbc.likeLiteral(prefix.toLowerCase(Locale.ROOT)) + "%";
        return db.read(c -> Jdbc.list(
                c,
                "SELECT " + COLUMNS + " FROM users"
                        + " WHERE username LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\'"
                        + " ORDER BY username LIMIT ?",
                JdbcUserStore::user,
                pattern,
                pattern,
                limit));
    }

    @Override
    public List<User> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = ids.stream().map(id -> "?").collect(Collectors.joining(", "));
        return db.read(c -> Jdbc.list(
                c,
                "SELECT " + COLUMNS + " FROM users WHERE id IN (" + marks + ")",
                JdbcUserStore::user,
                ids.toArray()));
    }

    @Override
    public List<User> findByUsernames(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        String marks = usernames.stream().map(name -> "?").collect(Collectors.joining(", "));
        return db.read(c -> Jdbc.list(
                c,
                "SELECT " + COLUMNS + " FROM users WHERE username IN (" + marks + ")",
                JdbcUserStore::user,
                usernames.toArray()));
    }

    @Override
    public Optional<User> updateDisplayName(long id, String displayName) {
        return db.write(c -> Jdbc.one(
                c,
                "UPDATE users SET display_name = ? WHERE id = ? RETURNING " + COLUMNS,
                JdbcUserStore::user,
                displayName,
                id));
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                Jdbc.instant(rs, "created_at"));
    }
}
