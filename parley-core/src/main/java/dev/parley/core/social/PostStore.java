package dev.parley.core.social;

import dev.parley.core.notify.NotificationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Persistence of posts, comments and likes. Like counts are exact under concurrency: a like is a
 * row under a unique (subject, user) key and a count is the number of those rows, never a counter
 * read and written back. {@code viewer} only decides {@code likedByMe}; visibility is the service's,
 * except in {@link #likePostQueued}, which checks it in the like's own transaction.
 */
public interface PostStore {

    default Post create(long authorId, String text, PostVisibility visibility, Instant at) {
        return create(authorId, text, visibility, List.of(), at).orElseThrow();
    }

    /**
     * Creates a post with these uploaded pictures, in this order; empty (and nothing created) when
     * one of them is not an upload of the author's that no post has yet.
     */
    Optional<Post> create(long authorId, String text, PostVisibility visibility, List<String> imageIds, Instant at);

    /**
     * Keeps a picture {@code ownerId} uploaded for a post they have yet to write, unless they
     * already hold {@code maxUnsent} pictures that no post took: false then, and nothing is written.
     */
    boolean addUpload(long ownerId, PostImage image, Instant at, int maxUnsent);

    /** How many pictures of {@code ownerId} no post took. */
    int unsentUploads(long ownerId);

    /**
     * Forgets up to {@code limit} uploads that no post took and that were made before {@code
     * before}; answers them, so their blobs can go too.
     */
    List<PostImage> removeUnusedUploads(Instant before, int limit);

    Optional<Post> find(long postId, long viewer);

    /** Deletes the post with its comments and likes; false when it did not exist. */
    boolean delete(long postId);

    /**
     * Posts below {@code beforeId}, newest first, written by {@code viewer} or a friend of theirs
     * (the feed).
     */
    List<Post> feed(long viewer, long beforeId, int limit);

    /** Posts of {@code authorId} below {@code beforeId}, newest first; only public ones unless {@code all}. */
    List<Post> byAuthor(long authorId, long viewer, boolean all, long beforeId, int limit);

    Comment comment(long postId, long authorId, String text, Long replyTo, Instant at);

    Optional<Comment> findComment(long commentId, long viewer);

    /** Comments of a post after {@code afterId}, oldest first. */
    List<Comment> comments(long postId, long viewer, long afterId, int limit);

    /** Deletes a comment and its likes; false when it did not exist. */
    boolean deleteComment(long commentId);

    /**
     * A like or unlike done; {@code notification}: the author's notification it added, when the
     * like was new and not the author's own.
     */
    record Liked(Likes likes, Optional<NotificationStore.Added> notification) {}

    /**
     * Likes or unlikes a post (idempotent; the count is exact however many like at once), if the
     * user may see it (its author, a friend of the author, or anyone when it is public), checked in
     * the same transaction: empty when they may not see it or it does not exist. In that same
     * transaction a new like adds the author's {@code post_like} notification and an unlike takes
     * it back, so a like and its notification are stored together or not at all. Queued: returns
     * at once, completes once durable.
     */
    CompletionStage<Optional<Liked>> likePostQueued(long postId, long userId, boolean like, Instant at);

    Likes likeComment(long commentId, long userId, boolean like, Instant at);
}
