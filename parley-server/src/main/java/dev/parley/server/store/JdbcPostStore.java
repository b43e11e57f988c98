package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.notify.Notification;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationStore;
import dev.parley.core.social.Comment;
import dev.parley.core.social.Likes;
import dev.parley.core.social.Post;
import dev.parley.core.social.PostImage;
import dev.parley.core.social.PostStore;
import dev.parley.core.social.PostVisibility;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

public final class JdbcPostStore implements PostStore {

    /** Selects a post with its author and whether the viewer (the first parameter) likes it. */
    private static final String POST = "SELECT p.id, p.author_id, u.username, u.display_name, p.text, p.visibility,"
            + " (SELECT count(*) FROM post_likes l WHERE l.post_id = p.id) AS like_count,"
            + " (SELECT count(*) FROM comments cm WHERE cm.post_id = p.id) AS comment_count, p.created_at,"
            + " EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id AND l.user_id = ?) AS liked"
            + " FROM posts p JOIN users u ON u.id = p.author_id";

    private static final String COMMENT = "SELECT c.id, c.post_id, c.author_id, u.username, u.display_name, c.text,"
            + " c.reply_to, (SELECT count(*) FROM comment_likes l WHERE l.comment_id = c.id) AS like_count, c.created_at,"
            + " EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.user_id = ?) AS liked"
            + " FROM comments c JOIN users u ON u.id = c.author_id";

    /** Up to this many friends, the feed reads through the author index (see {@link #feed}). */
    static final int FEW_FRIENDS = 50;

    private final Database db;

    public JdbcPostStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Post> create(
            long authorId, String text, PostVisibility visibility, List<String> imageIds, Instant at) {
        try {
            return db.write(c -> {
                long id = Jdbc.oneLong(
                        c,
                        "INSERT INTO posts (author_id, text, visibility, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                        authorId,
                        text,
                        visibility,
                        at);
                for (int i = 0; i < imageIds.size(); i++) {
                    int taken = Jdbc.update(
                            c,
                            "UPDATE post_images SET post_id = ?, position = ? WHERE id = ? AND owner_id = ? AND post_id IS NULL",
                            id,
                            i,
                            imageIds.get(i),
                            authorId);
                    if (taken != 1) { // not the author's, already in a post, or swept away: no post
                        throw new ImageNotAvailable();
                    }
                }
                return post(c, id, authorId);
            });
        } catch (ImageNotAvailable e) { // thrown out of the write, it rolls the post back
            return Optional.empty();
        }
    }

    private static final class ImageNotAvailable extends RuntimeException {
        ImageNotAvailable() {
            super(null, null, false, false);
        }
    }

    @Override
    public boolean addUpload(long ownerId, PostImage image, Instant at, int maxUnsent) {
        return db.write(c -> {
            if (unsentUploads(c, ownerId) >= maxUnsent) {
                return false;
            }
            Jdbc.update(
                    c,
                    "INSERT INTO post_images (id, owner_id, width, height, format, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    image.id(),
                    ownerId,
                    image.width(),
                    image.height(),
                    image.format(),
                    at);
            return true;
        });
    }

    @Override
    public int unsentUploads(long ownerId) {
        return db.read(c -> unsentUploads(c, ownerId));
    }

    private static int unsentUploads(Connection c, long ownerId) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT COUNT(*) AS n FROM post_images WHERE owner_id = ? AND post_id IS NULL",
                        rs -> rs.getInt("n"),
                        ownerId)
                .orElse(0);
    }

    @Override
    public List<PostImage> removeUnusedUploads(Instant before, int limit) {
        return db.write(c -> {
            List<PostImage> unused = Jdbc.list(
                    c,
                    "SELECT id, width, height, format FROM post_images WHERE post_id IS NULL AND created_at < ?"
                            + " ORDER BY created_at LIMIT ?",
                    JdbcPostStore::image,
                    before,
                    limit);
            // only those this transaction removed: on PostgreSQL a post may take one after the
            // SELECT (the DELETE then finds it taken), and its files must stay
            List<PostImage> removed = new ArrayList<>();
            for (PostImage image : unused) {
                if (Jdbc.update(c, "DELETE FROM post_images WHERE id = ? AND post_id IS NULL", image.id()) == 1) {
                    removed.add(image);
                }
            }
            return removed;
        });
    }

    @Override
    public Optional<Post> find(long postId, long viewer) {
        return db.read(c -> post(c, postId, viewer));
    }

    @Override
    public boolean delete(long postId) {
        return db.write(c -> {
            Jdbc.update(
                    c,
                    "DELETE FROM comment_likes WHERE comment_id IN (SELECT id FROM comments WHERE post_id = ?)",
                    postId);
            Jdbc.update(c, "DELETE FROM comments WHERE post_id = ?", postId);
            Jdbc.update(c, "DELETE FROM post_likes WHERE post_id = ?", postId);
            Jdbc.update(c, "DELETE FROM post_images WHERE post_id = ?", postId);
            return Jdbc.update(c, "DELETE FROM posts WHERE id = ?", postId) == 1;
        });
    }

    /**
     * Two plans, chosen by how many friends the viewer has. With many, the newest posts are mostly
     * theirs: walk posts by id from the cursor and keep those of friends ({@code +author_id} keeps
     * SQLite off the author index, which would gather every friend's every post and sort them).
     * With few, most posts are strangers': read each friend's newest through the author index.
     */
    @Override
    public List<Post> feed(long viewer, long beforeId, int limit) {
        return db.read(c -> {
            long friends = Jdbc.oneLong(c, "SELECT count(*) FROM friends WHERE user_id = ?", viewer);
            String author = friends > FEW_FRIENDS ? "+p.author_id" : "p.author_id";
            return withImages(
                    c,
                    Jdbc.list(
                            c,
                            POST + " WHERE p.id < ? AND (" + author + " = ?"
                                    + " OR " + author + " IN (SELECT friend_id FROM friends WHERE user_id = ?))"
                                    + " ORDER BY p.id DESC LIMIT ?",
                            JdbcPostStore::post,
                            viewer,
                            beforeId,
                            viewer,
                            viewer,
                            limit));
        });
    }

    @Override
    public List<Post> byAuthor(long authorId, long viewer, boolean all, long beforeId, int limit) {
        return db.read(c -> withImages(
                c,
                Jdbc.list(
                        c,
                        POST + " WHERE p.author_id = ? AND p.id < ?" + (all ? "" : " AND p.visibility = 'public'")
                                + " ORDER BY p.id DESC LIMIT ?",
                        JdbcPostStore::post,
                        viewer,
                        authorId,
                        beforeId,
                        limit)));
    }

    @Override
    public Comment comment(long postId, long authorId, String text, Long replyTo, Instant at) {
        return db.write(c -> {
            long id = Jdbc.oneLong(
                    c,
                    "INSERT INTO comments (post_id, author_id, text, reply_to, created_at) VALUES (?, ?, ?, ?, ?)"
                            + " RETURNING id",
                    postId,
                    authorId,
                    text,
                    replyTo,
                    at);
            return comment(c, id, authorId).orElseThrow();
        });
    }

    @Override
    public Optional<Comment> findComment(long commentId, long viewer) {
        return db.read(c -> comment(c, commentId, viewer));
    }

    @Override
    public List<Comment> comments(long postId, long viewer, long afterId, int limit) {
        return db.read(c -> Jdbc.list(
                c,
                COMMENT + " WHERE c.post_id = ? AND c.id > ? ORDER BY c.id LIMIT ?",
                JdbcPostStore::comment,
                viewer,
                postId,
                afterId,
                limit));
    }

    @Override
    public boolean deleteComment(long commentId) {
        return db.write(c -> {
            Jdbc.update(c, "DELETE FROM comment_likes WHERE comment_id = ?", commentId);
            return Jdbc.update(c, "DELETE FROM comments WHERE id = ?", commentId) == 1;
        });
    }

    @Override
    public CompletionStage<Optional<Liked>> likePostQueued(long postId, long userId, boolean like, Instant at) {
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

    @Override
    public Likes likeComment(long commentId, long userId, boolean like, Instant at) {
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

    private static Optional<Post> post(Connection c, long id, long viewer) throws SQLException {
        Optional<Post> post = Jdbc.one(c, POST + " WHERE p.id = ?", JdbcPostStore::post, viewer, id);
        return post.isEmpty()
                ? post
                : Optional.of(withImages(c, List.of(post.get())).get(0));
    }

    /** The posts with their pictures, read for the whole page at once. */
    private static List<Post> withImages(Connection c, List<Post> posts) throws SQLException {
        if (posts.isEmpty()) {
            return posts;
        }
        String marks = posts.stream().map(p -> "?").collect(Collectors.joining(", "));
        Map<Long, List<PostImage>> byPost = new HashMap<>();
        Jdbc.list(
                c,
                "SELECT post_id, id, width, height, format FROM post_images WHERE post_id IN (" + marks + ")"
                        + " ORDER BY post_id, position",
                rs -> byPost.computeIfAbsent(rs.getLong("post_id"), k -> new ArrayList<>())
                        .add(image(rs)),
                posts.stream().map(Post::id).toArray());
        return posts.stream()
                .map(p -> byPost.containsKey(p.id()) ? p.withImages(List.copyOf(byPost.get(p.id()))) : p)
                .toList();
    }

    private static PostImage image(ResultSet rs) throws SQLException {
        return new PostImage(rs.getString("id"), rs.getInt("width"), rs.getInt("height"), rs.getString("format"));
    }

    private static Optional<Comment> comment(Connection c, long id, long viewer) throws SQLException {
        return Jdbc.one(c, COMMENT + " WHERE c.id = ?", JdbcPostStore::comment, viewer, id);
    }

    private static Post post(ResultSet rs) throws SQLException {
        return new Post(
                rs.getLong("id"),
                new UserRef(rs.getLong("author_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("text"),
                List.of(),
                Jdbc.enumValue(PostVisibility.class, rs.getString("visibility")),
                rs.getInt("like_count"),
                rs.getInt("comment_count"),
                rs.getBoolean("liked"),
                Jdbc.instant(rs, "created_at"));
    }

    private static Comment comment(ResultSet rs) throws SQLException {
        return new Comment(
                rs.getLong("id"),
                rs.getLong("post_id"),
                new UserRef(rs.getLong("author_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("text"),
                Jdbc.nullableLong(rs, "reply_to"),
                rs.getInt("like_count"),
                rs.getBoolean("liked"),
                Jdbc.instant(rs, "created_at"));
    }
}
