package dev.parley.core.social;

import dev.parley.core.error.ParleyException;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationService;
import dev.parley.core.text.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Posts, comments and likes, and who may see them: a post is visible to its author, to the
 * author's friends, and to everyone when public; its comments and likes follow it. A post the
 * viewer may not see answers {@code post_not_found}, so its existence does not leak.
 */
public final class PostService {

    public static final int POST_MAX = 10_000;
    public static final int COMMENT_MAX = 2_000;
    public static final int IMAGES_MAX = 4;
    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{32}");
    public static final int PAGE_MAX = 100;

    private final PostStore posts;
    private final FriendService friends;
    private final NotificationService notifications;
    private final Clock clock;

    public PostService(PostStore posts, FriendService friends, NotificationService notifications, Clock clock) {
        this.posts = posts;
        this.friends = friends;
        this.notifications = notifications;
        this.clock = clock;
    }

    public Post create(long authorId, String text, PostVisibility visibility) {
        return create(authorId, text, visibility, List.of());
    }

    /**
     * A post with up to {@link #IMAGES_MAX} pictures the author uploaded for it (by id, in order);
     * with pictures, the text may be empty.
     */
    public Post create(long authorId, String text, PostVisibility visibility, List<String> imageIds) {
        List<String> images = imageIds == null ? List.of() : imageIds;
        if (images.size() > IMAGES_MAX
                || images.stream().distinct().count() != images.size()
                || !images.stream()
                        .allMatch(id -> id != null && IMAGE_ID.matcher(id).matches())) {
            throw ParleyException.invalid(
                    "invalid_images",
                    "images holds " + images.size() + " ids; a post takes up to " + IMAGES_MAX
                            + " ids of pictures you uploaded, each once");
        }
        String body = images.isEmpty() || (text != null && !text.isBlank())
                ? Text.body("text", text, POST_MAX)
                : checkedEmpty(text);
        return posts.create(authorId, body, visibility, images, clock.instant())
                .orElseThrow(() -> ParleyException.invalid(
                        "invalid_images",
                        "an image id is not a picture you uploaded, or it is already in a post, or it"
                                + " expired; upload it again"));
    }

    private static String checkedEmpty(String text) {
        Text.check("text", text);
        return "";
    }

    /**
     * Keeps a picture the owner uploaded for a post they are writing, unless they already hold
     * {@code maxUnsent} pictures that no post took: false then.
     */
    public boolean addUpload(long ownerId, PostImage image, int maxUnsent) {
        return posts.addUpload(ownerId, image, clock.instant(), maxUnsent);
    }

    /** How many pictures of the owner's no post took yet. */
    public int unsentUploads(long ownerId) {
        return posts.unsentUploads(ownerId);
    }

    /** Forgets uploads made before {@code before} that no post took; answers them (their blobs go too). */
    public List<PostImage> removeUnusedUploads(Instant before, int limit) {
        return posts.removeUnusedUploads(before, limit);
    }

    public Post get(long postId, long viewer) {
        return posts.find(postId, viewer).filter(p -> visible(p, viewer)).orElseThrow(() -> notFound(postId));
    }

    /** Deletes the viewer's own post; answers it as it was (its pictures' blobs go next). */
    public Post delete(long postId, long viewer) {
        Post post = get(postId, viewer);
        if (post.author().id() != viewer) {
            throw ParleyException.forbidden("not_the_author", "only the author can delete post " + postId);
        }
        posts.delete(postId);
        return post;
    }

    /** The feed: my posts and my friends', newest first; the next page with {@code before=<last id>}. */
    public Paged<Post> feed(long viewer, Long before, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        return Paged.of(posts.feed(viewer, before == null ? Long.MAX_VALUE : before, limit + 1), limit);
    }

    /** A person's posts as the viewer may see them. */
    public Paged<Post> byAuthor(long authorId, long viewer, Long before, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        boolean all = authorId == viewer || friends.areFriends(authorId, viewer);
        return Paged.of(
                posts.byAuthor(authorId, viewer, all, before == null ? Long.MAX_VALUE : before, limit + 1), limit);
    }

    public Comment comment(long postId, long authorId, String text, Long replyTo) {
        Post post = get(postId, authorId);
        String body = Text.body("text", text, COMMENT_MAX);
        Comment answered = null;
        if (replyTo != null) {
            answered = posts.findComment(replyTo, authorId)
                    .filter(c -> c.postId() == postId)
                    .orElseThrow(() -> ParleyException.invalid(
                            "invalid_reply", "comment " + replyTo + " is not a comment of post " + postId));
        }
        Comment comment = posts.comment(postId, authorId, body, replyTo, clock.instant());
        notifications.notify(post.author().id(), NotificationKind.POST_COMMENT, authorId, postId, comment.id());
        if (answered != null && answered.author().id() != post.author().id()) {
            notifications.notify(
                    answered.author().id(), NotificationKind.COMMENT_REPLY, authorId, postId, comment.id());
        }
        return comment;
    }

    public Paged<Comment> comments(long postId, long viewer, Long after, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        get(postId, viewer);
        return Paged.of(posts.comments(postId, viewer, after == null ? 0 : after, limit + 1), limit);
    }

    /** The comment's author may delete it, and so may the post's author. */
    public void deleteComment(long postId, long commentId, long viewer) {
        Post post = get(postId, viewer);
        Comment comment = comment(postId, commentId, viewer);
        if (comment.author().id() != viewer && post.author().id() != viewer) {
            throw ParleyException.forbidden(
                    "not_the_author", "only the comment's author or the post's author can delete comment " + commentId);
        }
        posts.deleteComment(commentId);
    }

    /**
     * Likes or unlikes a post (idempotent) and tells its author (an unlike takes that back), without
     * a thread waiting: the visibility check, the like and the author's notification are one
     * queued write; completes once it is durable (and the notification announced), with {@code
     * post_not_found} for a post the viewer may not see. Many likes share commits.
     */
    public CompletionStage<Likes> likePostQueued(long postId, long viewer, boolean like) {
        return posts.likePostQueued(postId, viewer, like, clock.instant()).thenApply(done -> {
            PostStore.Liked liked = done.orElseThrow(() -> notFound(postId));
            liked.notification().ifPresent(notifications::announce);
            return liked.likes();
        });
    }

    public Likes likeComment(long postId, long commentId, long viewer, boolean like) {
        get(postId, viewer);
        Comment comment = comment(postId, commentId, viewer);
        Likes likes = posts.likeComment(commentId, viewer, like, clock.instant());
        if (likes.changed()) {
            if (like) {
                notifications.notify(comment.author().id(), NotificationKind.COMMENT_LIKE, viewer, postId, commentId);
            } else {
                notifications.withdraw(comment.author().id(), NotificationKind.COMMENT_LIKE, viewer, postId, commentId);
            }
        }
        return likes;
    }

    private Comment comment(long postId, long commentId, long viewer) {
        return posts.findComment(commentId, viewer)
                .filter(c -> c.postId() == postId)
                .orElseThrow(() -> ParleyException.notFound(
                        "comment_not_found", "no comment " + commentId + " on post " + postId));
    }

    private boolean visible(Post post, long viewer) {
        return post.visibility() == PostVisibility.PUBLIC
                || post.author().id() == viewer
                || friends.areFriends(post.author().id(), viewer);
    }

    private static ParleyException notFound(long postId) {
        return ParleyException.notFound("post_not_found", "no post " + postId);
    }
}
