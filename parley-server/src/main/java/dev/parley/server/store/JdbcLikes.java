package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.notify.Notification;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationStore;
import dev.parley.core.social.Likes;
import dev.parley.core.social.PostStore.Liked;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Likes on posts and comments, for {@link JdbcPostStore}. A like is a row under the (subject, user)
 * key: liking twice changes nothing, and the count is the number of rows, so it is exact however
 * many like at once. A post's like also checks who may see the post and notifies its author, in the
 * like's own transaction: one statement on a database that allows writes in a {@code WITH}, a few
 * in the process on SQLite.
 */
final class JdbcLikes {

    private final Database db;

    JdbcLikes(Database db) {
        this.db = db;
    }

    /**
     * Likes or unlikes a post if the user may see it, queued (see {@link
     * dev.parley.core.social.PostStore#likePostQueued}).
     */
    CompletionStage<Optional<Liked>> post(long postId, long userId, boolean like, Instant at) {
        // the visibility rule of PostService, in the like's own transaction: no read before it
        boolean oneStatement = db.dialect().writesInWith();
        return db.writeQueued(
                userId,
                c -> oneStatement
                        ? likePostInOneStatement(c, postId, userId, like, at)
                        : likePostStepByStep(c, postId, userId, like, at));
    }

    /**
     * The post's author, if the user may see the post, and the user's name (a notification names
     * them). Parameters: the user, the post, the user, the user.
     */
    private static final String SEEN = "SELECT p.author_id, u.username, u.display_name FROM posts p"
            + " JOIN users u ON u.id = ? WHERE p.id = ? AND (p.visibility = 'public' OR p.author_id = ?"
            + " OR EXISTS (SELECT 1 FROM friends f WHERE f.user_id = ? AND f.friend_id = p.author_id))";

    /** What a like's statement answers besides who may see the post: the counts before it. */
    private static final String LIKES_BEFORE = " SELECT s.*, (SELECT count(*) FROM changed) AS changed,"
            + " (SELECT count(*) FROM post_likes WHERE post_id = ?) AS likes_before,";

    /**
     * A like in one statement. Parameters: {@link #SEEN}'s; the post, the user, the time (the row);
     * the kind, the user, the post, the time, the user (the notification); the post, the unread cap.
     */
    private static final String LIKE_IN_ONE = "WITH seen AS (" + SEEN + "),"
            + " changed AS (INSERT INTO post_likes (post_id, user_id, created_at)"
            + " SELECT ?, ?, ? FROM seen ON CONFLICT (post_id, user_id) DO NOTHING RETURNING 1),"
            + " told AS (INSERT INTO notifications (user_id, kind, actor_id, post_id, created_at)"
            + " SELECT s.author_id, ?, ?, ?, ? FROM seen s, changed WHERE s.author_id <> ? RETURNING id)"
            + LIKES_BEFORE
            + " (SELECT id FROM told) AS notification_id,"
            + " (SELECT count(*) FROM (SELECT 1 FROM notifications n"
            + " WHERE n.user_id = s.author_id AND n.read_at IS NULL LIMIT ?) AS u) AS unread_before"
            + " FROM seen s";

    /**
     * An unlike in one statement. Parameters: {@link #SEEN}'s; the post, the user (the row); the
     * user, the kind, the user, the post (the notification); the post.
     */
    private static final String UNLIKE_IN_ONE = "WITH seen AS (" + SEEN + "),"
            + " changed AS (DELETE FROM post_likes WHERE post_id = ? AND user_id = ?"
            + " AND EXISTS (SELECT 1 FROM seen) RETURNING 1),"
            + " untold AS (DELETE FROM notifications n USING seen s WHERE n.user_id = s.author_id"
            + " AND s.author_id <> ? AND n.kind = ? AND n.actor_id = ? AND n.post_id = ?"
            + " AND n.comment_id IS NULL AND EXISTS (SELECT 1 FROM changed))"
            + LIKES_BEFORE
            + " NULL AS notification_id, 0 AS unread_before FROM seen s";

    /**
     * The like as up to five statements (four for an unlike), each waiting for the last: SQLite runs them
     * in the process, so they cost no round trips.
     */
    private static Optional<Liked> likePostStepByStep(Connection c, long postId, long userId, boolean like, Instant at)
            throws SQLException {
        Optional<Seen> seen = Jdbc.one(c, SEEN, rs -> seen(rs, userId), userId, postId, userId, userId);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        Likes likes = like(c, "post_likes", "post_id", postId, userId, like, at);
        long authorId = seen.get().authorId();
        Optional<NotificationStore.Added> told = Optional.empty();
        if (likes.changed() && authorId != userId) {
            if (like) {
                Notification n = JdbcNotificationStore.insert(
                        c, authorId, NotificationKind.POST_LIKE, seen.get().liker(), postId, null, at);
                told = Optional.of(new NotificationStore.Added(n, JdbcNotificationStore.unread(c, authorId)));
            } else {
                JdbcNotificationStore.remove(c, authorId, NotificationKind.POST_LIKE, userId, postId, null);
            }
        }
        return Optional.of(new Liked(likes, told));
    }

    /**
     * The check, the like's row, the author's notification (added or taken back) and the counts, as
     * one statement: one round trip to PostgreSQL instead of five. Every part of a statement reads
     * the same snapshot, taken before its own writes, so the counts read are those before this like
     * and the like's own change is added to them here. (The parameters are repeated where each is
     * used: a first part binding them once, for the rest to read, was about 8 % slower in pgbench.)
     */
    private static Optional<Liked> likePostInOneStatement(
            Connection c, long postId, long userId, boolean like, Instant at) throws SQLException {
        Object[] seen = {userId, postId, userId, userId};
        Optional<Change> change = like
                ? Jdbc.one(
                        c,
                        LIKE_IN_ONE,
                        rs -> change(rs, userId),
                        Jdbc.concat(
                                seen,
                                postId,
                                userId,
                                at,
                                NotificationKind.POST_LIKE,
                                userId,
                                postId,
                                at,
                                userId,
                                postId,
                                NotificationStore.UNREAD_MAX))
                : Jdbc.one(
                        c,
                        UNLIKE_IN_ONE,
                        rs -> change(rs, userId),
                        Jdbc.concat(seen, postId, userId, userId, NotificationKind.POST_LIKE, userId, postId, postId));
        return change.map(ch -> {
            boolean changed = ch.changed() == 1;
            int count = (int) (ch.likesBefore() + (changed ? (like ? 1 : -1) : 0));
            Optional<NotificationStore.Added> told = ch.notificationId() == null
                    ? Optional.empty()
                    : Optional.of(new NotificationStore.Added(
                            JdbcNotificationStore.asStored(
                                    ch.notificationId(),
                                    ch.seen().authorId(),
                                    NotificationKind.POST_LIKE,
                                    ch.seen().liker(),
                                    postId,
                                    null,
                                    at),
                            (int) Math.min(ch.unreadBefore() + 1, NotificationStore.UNREAD_MAX)));
            return new Liked(new Likes(count, like, changed), told);
        });
    }

    /** What one like statement read and did: counts as they were before it. */
    private record Change(Seen seen, long changed, long likesBefore, Long notificationId, long unreadBefore) {}

    private static Change change(ResultSet rs, long userId) throws SQLException {
        return new Change(
                seen(rs, userId),
                rs.getLong("changed"),
                rs.getLong("likes_before"),
                Jdbc.nullableLong(rs, "notification_id"),
                rs.getLong("unread_before"));
    }

    private static Seen seen(ResultSet rs, long userId) throws SQLException {
        return new Seen(
                rs.getLong("author_id"), new UserRef(userId, rs.getString("username"), rs.getString("display_name")));
    }

    private record Seen(long authorId, UserRef liker) {}

    /** Likes or unlikes a comment (idempotent). */
    Likes comment(long commentId, long userId, boolean like, Instant at) {
        return like("comment_likes", "comment_id", commentId, userId, like, at);
    }

    /**
     * A like is a row under the (subject, user) key: liking twice changes nothing, and the count is
     * the number of rows, so it is exact however many like at once, and no like waits for another
     * (no shared counter row to lock). Likes share commits: many people liking at once do not
     * wait for a commit each.
     */
    private Likes like(String likes, String key, long id, long userId, boolean like, Instant at) {
        // ordered per liker (one person's like and unlike stay in order); spread over the writers
        return db.writeShared(userId, c -> like(c, likes, key, id, userId, like, at));
    }

    private static Likes like(Connection c, String likes, String key, long id, long userId, boolean like, Instant at)
            throws SQLException {
        int changed = like
                ? Jdbc.update(
                        c,
                        "INSERT INTO " + likes + " (" + key + ", user_id, created_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT (" + key + ", user_id) DO NOTHING",
                        id,
                        userId,
                        at)
                : Jdbc.update(c, "DELETE FROM " + likes + " WHERE " + key + " = ? AND user_id = ?", id, userId);
        int count = (int) Jdbc.oneLong(c, "SELECT count(*) FROM " + likes + " WHERE " + key + " = ?", id);
        return new Likes(count, like, changed == 1);
    }
}
