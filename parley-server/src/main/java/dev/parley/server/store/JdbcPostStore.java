package dev.parley.server.store;

import dev.parley.core.account.UserRef;
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
    private final JdbcLikes likes;

    public JdbcPostStore(Database db) {
        this.db = db;
        this.likes = new JdbcLikes(db);
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
        return likes.post(postId, userId, like, at);
    }

    @Override
    public Likes likeComment(long commentId, long userId, boolean like, Instant at) {
        return likes.comment(commentId, userId, like, at);
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
