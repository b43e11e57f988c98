package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.notify.MessageRef;
import dev.parley.core.notify.Notification;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

public final class JdbcNotificationStore implements NotificationStore {

    private static final String SELECT = "SELECT n.id, n.user_id, n.kind, n.actor_id, u.username, u.display_name,"
            + " n.post_id, n.comment_id, n.chat_id, n.message_id, n.message_seq, n.created_at, n.read_at FROM notifications n JOIN users u ON u.id = n.actor_id";

    private final Database db;

    public JdbcNotificationStore(Database db) {
        this.db = db;
    }

    @Override
    public Notification add(long userId, NotificationKind kind, long actorId, Long postId, Long commentId, Instant at) {
        // through the group-commit writers: a burst of likes notifies in shared commits
        return db.writeShared(actorId, c -> insert(c, userId, kind, actorId, postId, commentId, at));
    }

    static Notification insert(
            Connection c, long userId, NotificationKind kind, long actorId, Long postId, Long commentId, Instant at)
            throws SQLException {
        return stored(c, insertRow(c, userId, kind, actorId, postId, commentId, at));
    }

    /**
     * Stores a notification whose actor the caller has already read, and answers it as a read would,
     * without reading it back (one round trip fewer on a hot path such as a like).
     */
    static Notification insert(
            Connection c, long userId, NotificationKind kind, UserRef actor, Long postId, Long commentId, Instant at)
            throws SQLException {
        return asStored(
                insertRow(c, userId, kind, actor.id(), postId, commentId, at),
                userId,
                kind,
                actor,
                postId,
                commentId,
                at);
    }

    /** A notification about a post or comment as a read of the row just stored would answer it. */
    static Notification asStored(
            long id, long userId, NotificationKind kind, UserRef actor, Long postId, Long commentId, Instant at) {
        return new Notification(
                id, userId, kind, actor, postId, commentId, null, at.truncatedTo(ChronoUnit.MILLIS), false);
    }

    private static long insertRow(
            Connection c, long userId, NotificationKind kind, long actorId, Long postId, Long commentId, Instant at)
            throws SQLException {
        return Jdbc.oneLong(
                c,
                "INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                userId,
                kind,
                actorId,
                postId,
                commentId,
                at);
    }

    /** A notification just inserted, read back with its actor. */
    private static Notification stored(Connection c, long id) throws SQLException {
        return Jdbc.one(c, SELECT + " WHERE n.id = ?", JdbcNotificationStore::notification, id)
                .orElseThrow();
    }

    @Override
    public Notification addMention(long userId, long actorId, MessageRef message, Instant at) {
        return db.writeShared(actorId, c -> {
            long id = Jdbc.oneLong(
                    c,
                    "INSERT INTO notifications (user_id, kind, actor_id, chat_id, message_id, message_seq, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    userId,
                    NotificationKind.MENTION,
                    actorId,
                    message.chatId(),
                    message.messageId(),
                    message.seq(),
                    at);
            return stored(c, id);
        });
    }

    @Override
    public List<Notification> page(long userId, long beforeId, int limit) {
        return db.read(c -> Jdbc.list(
                c,
                SELECT + " WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?",
                JdbcNotificationStore::notification,
                userId,
                beforeId,
                limit));
    }

    @Override
    public int unread(long userId) {
        return db.read(c -> unread(c, userId));
    }

    static int unread(Connection c, long userId) throws SQLException {
        // the LIMIT in the subquery bounds the rows counted: at most UNREAD_MAX index entries read
        return (int) Jdbc.oneLong(
                c,
                "SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) AS u",
                userId,
                NotificationStore.UNREAD_MAX);
    }

    @Override
    public int markRead(long userId, long upToId, Instant at) {
        return db.write(c -> Jdbc.update(
                c,
                "UPDATE notifications SET read_at = ? WHERE user_id = ? AND id <= ? AND read_at IS NULL",
                at,
                userId,
                upToId));
    }

    @Override
    public void withdraw(long userId, NotificationKind kind, long actorId, Long postId, Long commentId) {
        db.writeShared(actorId, c -> remove(c, userId, kind, actorId, postId, commentId));
    }

    static int remove(Connection c, long userId, NotificationKind kind, long actorId, Long postId, Long commentId)
            throws SQLException {
        return Jdbc.update(
                c,
                "DELETE FROM notifications WHERE user_id = ? AND kind = ? AND actor_id = ?"
                        + " AND coalesce(post_id, 0) = ? AND coalesce(comment_id, 0) = ?",
                userId,
                kind,
                actorId,
                postId == null ? 0L : postId,
                commentId == null ? 0L : commentId);
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        return new Notification(
                rs.getLong("id"),
                rs.getLong("user_id"),
                Jdbc.enumValue(NotificationKind.class, rs.getString("kind")),
                new UserRef(rs.getLong("actor_id"), rs.getString("username"), rs.getString("display_name")),
                Jdbc.nullableLong(rs, "post_id"),
                Jdbc.nullableLong(rs, "comment_id"),
                rs.getObject("chat_id") == null
                        ? null
                        : new MessageRef(rs.getLong("chat_id"), rs.getLong("message_id"), rs.getLong("message_seq")),
                Jdbc.instant(rs, "created_at"),
                rs.getObject("read_at") != null);
    }
}
