package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.social.Friend;
import dev.parley.core.social.FriendCaps;
import dev.parley.core.social.FriendRequest;
import dev.parley.core.social.FriendStore;
import dev.parley.core.social.Relation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Friendships as two rows (one per direction) and requests as one row per direction. */
public final class JdbcFriendStore implements FriendStore {

    private final Database db;

    public JdbcFriendStore(Database db) {
        this.db = db;
    }

    @Override
    public Requested request(long from, long to, Instant at, FriendCaps caps) {
        return db.write(c -> {
            lockPair(c, from, to);
            if (friends(c, from, to)) {
                return Requested.ALREADY_FRIENDS;
            }
            boolean theyAsked = requested(c, to, from);
            if (!theyAsked && requested(c, from, to)) {
                return Requested.ALREADY_SENT;
            }
            Requested full = full(c, from, to, caps.friends(), Requested.FULL, Requested.OTHER_FULL);
            if (full != null) {
                return full;
            }
            if (theyAsked) {
                Jdbc.update(c, "DELETE FROM friend_requests WHERE from_id = ? AND to_id = ?", to, from);
                befriend(c, from, to, at);
                return Requested.ACCEPTED;
            }
            if (Jdbc.oneLong(c, "SELECT count(*) FROM friend_requests WHERE from_id = ?", from)
                    >= caps.pendingRequests()) {
                return Requested.TOO_MANY_PENDING;
            }
            Jdbc.update(
                    c,
                    "INSERT INTO friend_requests (from_id, to_id, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (from_id, to_id) DO NOTHING",
                    from,
                    to,
                    at);
            return Requested.SENT;
        });
    }

    @Override
    public boolean cancel(long from, long to) {
        return db.write(c -> Jdbc.update(c, "DELETE FROM friend_requests WHERE from_id = ? AND to_id = ?", from, to))
                == 1;
    }

    @Override
    public Accepted accept(long to, long from, Instant at, int maxFriends) {
        return db.write(c -> {
            lockPair(c, from, to);
            if (!requested(c, from, to)) {
                return Accepted.NO_REQUEST;
            }
            Accepted full = full(c, to, from, maxFriends, Accepted.FULL, Accepted.OTHER_FULL);
            if (full != null) {
                return full;
            }
            befriend(c, from, to, at); // takes the request away too
            return Accepted.ACCEPTED;
        });
    }

    /**
     * {@code mine} when {@code me} has {@code max} friends, {@code theirs} when {@code other} has,
     * else null. Read under {@link #lockPair}: nothing that adds to either's friends runs meanwhile (a
     * removal may, which only leaves more room).
     */
    private static <R> R full(Connection c, long me, long other, int max, R mine, R theirs) throws SQLException {
        if (friendCount(c, me) >= max) {
            return mine;
        }
        return friendCount(c, other) >= max ? theirs : null;
    }

    private static long friendCount(Connection c, long user) throws SQLException {
        return Jdbc.oneLong(c, "SELECT count(*) FROM friends WHERE user_id = ?", user);
    }

    @Override
    public boolean decline(long to, long from) {
        return cancel(from, to);
    }

    @Override
    public boolean remove(long a, long b) {
        return db.write(c -> Jdbc.update(
                        c,
                        "DELETE FROM friends WHERE (user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?)",
                        a,
                        b,
                        b,
                        a))
                > 0;
    }

    @Override
    public Relation relation(long me, long other) {
        if (me == other) {
            return Relation.SELF;
        }
        return db.read(c -> {
            if (friends(c, me, other)) {
                return Relation.FRIENDS;
            }
            if (requested(c, me, other)) {
                return Relation.REQUEST_SENT;
            }
            return requested(c, other, me) ? Relation.REQUEST_RECEIVED : Relation.NONE;
        });
    }

    @Override
    public List<Friend> friends(long user, String prefix, long afterUserId, int limit) {
        String sql =
                "SELECT u.id, u.username, u.display_name, f.since FROM friends f JOIN users u ON u.id = f.friend_id"
                        + " WHERE f.user_id = ? AND f.friend_id > ?";
        if (prefix == null) {
            return db.read(c -> Jdbc.list(
                    c, sql + " ORDER BY f.friend_id LIMIT ?", JdbcFriendStore::friend, user, afterUserId, limit));
        }
        String pattern = Jdbc.likeLiteral(prefix.toLowerCase(Locale.ROOT)) + "%";
        return db.read(c -> Jdbc.list(
                c,
                sql + " AND (u.username LIKE ? ESCAPE '\\' OR lower(u.display_name) LIKE ? ESCAPE '\\')"
                        + " ORDER BY f.friend_id LIMIT ?",
                JdbcFriendStore::friend,
                user,
                afterUserId,
                pattern,
                pattern,
                limit));
    }

    @Override
    public List<Long> friendIds(long user) {
        return db.read(c -> Jdbc.list(c, "SELECT friend_id FROM friends WHERE user_id = ?", rs -> rs.getLong(1), user));
    }

    @Override
    public int friendCount(long user) {
        return db.read(c -> (int) friendCount(c, user));
    }

    @Override
    public List<FriendRequest> incoming(long user, int limit) {
        return requests("r.from_id", "r.to_id", user, limit);
    }

    @Override
    public List<FriendRequest> outgoing(long user, int limit) {
        return requests("r.to_id", "r.from_id", user, limit);
    }

    private List<FriendRequest> requests(String other, String me, long user, int limit) {
        return db.read(c -> Jdbc.list(
                c,
                "SELECT u.id, u.username, u.display_name, r.created_at FROM friend_requests r JOIN users u ON u.id = "
                        + other + " WHERE " + me + " = ? ORDER BY r.created_at DESC, u.id DESC LIMIT ?",
                rs -> new FriendRequest(
                        new UserRef(rs.getLong(1), rs.getString(2), rs.getString(3)), Jdbc.instant(rs, "created_at")),
                user,
                limit));
    }

    /**
     * Serializes changes of one pair: both users' rows are locked (PostgreSQL; SQLite has one
     * writer anyway), so "a asks b" and "b asks a" at once end in one friendship, not two requests;
     * and every change that adds to a user's friends or requests holds that user's row, so what the
     * caps count cannot grow before the change is committed.
     */
    private static void lockPair(Connection c, long a, long b) throws SQLException {
        Jdbc.update(c, "UPDATE users SET username = username WHERE id IN (?, ?)", Math.min(a, b), Math.max(a, b));
    }

    private static void befriend(Connection c, long a, long b, Instant at) throws SQLException {
        Jdbc.update(c, "DELETE FROM friend_requests WHERE from_id = ? AND to_id = ?", a, b);
        for (long[] pair : new long[][] {{a, b}, {b, a}}) {
            Jdbc.update(
                    c,
                    "INSERT INTO friends (user_id, friend_id, since) VALUES (?, ?, ?)"
                            + " ON CONFLICT (user_id, friend_id) DO NOTHING",
                    pair[0],
                    pair[1],
                    at);
        }
    }

    private static boolean friends(Connection c, long a, long b) throws SQLException {
        return Jdbc.one(c, "SELECT 1 FROM friends WHERE user_id = ? AND friend_id = ?", rs -> true, a, b)
                .isPresent();
    }

    private static boolean requested(Connection c, long from, long to) throws SQLException {
        return Jdbc.one(c, "SELECT 1 FROM friend_requests WHERE from_id = ? AND to_id = ?", rs -> true, from, to)
                .isPresent();
    }

    private static Friend friend(java.sql.ResultSet rs) throws SQLException {
        return new Friend(new UserRef(rs.getLong(1), rs.getString(2), rs.getString(3)), Jdbc.instant(rs, "since"));
    }
}
