package dev.parley.server.social;

import dev.parley.core.social.Comment;
import dev.parley.core.social.Likes;
import dev.parley.core.social.Paged;
import dev.parley.core.social.Post;
import dev.parley.core.social.PostService;
import dev.parley.core.social.PostVisibility;
import dev.parley.server.account.Caller;
import dev.parley.server.media.PostPictures;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Enums;
import dev.parley.server.web.Page;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Posts, the feed, comments and likes. Whoever may not see a post gets {@code 404 post_not_found}. */
@RestController
@RequestMapping("/api/v1")
class PostController {

    record PostRequest(String text, String visibility, List<String> images) {}

    record CommentRequest(String text, Long replyTo) {}

    record LikesView(int likeCount, boolean likedByMe) {
        static LikesView of(Likes likes) {
            return new LikesView(likes.count(), likes.likedByMe());
        }
    }

    private final PostService posts;
    private final PostPictures pictures;
    private final Blocking blocking;

    PostController(PostService posts, PostPictures pictures, Blocking blocking) {
        this.posts = posts;
        this.pictures = pictures;
        this.blocking = blocking;
    }

    @PostMapping("/posts")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PostView> create(@AuthenticationPrincipal Caller caller, @RequestBody PostRequest body) {
        return blocking.call(() -> {
            PostVisibility visibility = body.visibility() == null
                    ? PostVisibility.FRIENDS
                    : Enums.parse(PostVisibility.class, "visibility", body.visibility());
            return PostView.of(posts.create(caller.userId(), body.text(), visibility, body.images()));
        });
    }

    @GetMapping("/posts/{id}")
    Mono<PostView> post(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> PostView.of(posts.get(id, caller.userId())));
    }

    @DeleteMapping("/posts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.run(
                () -> pictures.erase(posts.delete(id, caller.userId()).images()));
    }

    /** My posts and my friends', newest first; the next page with {@code before=<last id>}. */
    @GetMapping("/feed")
    Mono<Page<PostView>> feed(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() -> page(posts.feed(caller.userId(), before, limit)));
    }

    @GetMapping("/users/{id}/posts")
    Mono<Page<PostView>> byAuthor(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() -> page(posts.byAuthor(id, caller.userId(), before, limit)));
    }

    @PostMapping("/posts/{id}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CommentView> comment(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @RequestBody CommentRequest body) {
        return blocking.call(() -> CommentView.of(posts.comment(id, caller.userId(), body.text(), body.replyTo())));
    }

    @GetMapping("/posts/{id}/comments")
    Mono<Page<CommentView>> comments(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit) {
        return blocking.call(() -> {
            Paged<Comment> page = posts.comments(id, caller.userId(), after, limit);
            return new Page<>(page.items().stream().map(CommentView::of).toList(), page.hasMore());
        });
    }

    @DeleteMapping("/posts/{id}/comments/{commentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> deleteComment(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @PathVariable long commentId) {
        return blocking.run(() -> posts.deleteComment(id, commentId, caller.userId()));
    }

    @PutMapping("/posts/{id}/like")
    Mono<LikesView> like(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return liked(id, caller, true);
    }

    @DeleteMapping("/posts/{id}/like")
    Mono<LikesView> unlike(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return liked(id, caller, false);
    }

    @PutMapping("/posts/{id}/comments/{commentId}/like")
    Mono<LikesView> likeComment(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @PathVariable long commentId) {
        return blocking.call(() -> LikesView.of(posts.likeComment(id, commentId, caller.userId(), true)));
    }

    @DeleteMapping("/posts/{id}/comments/{commentId}/like")
    Mono<LikesView> unlikeComment(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @PathVariable long commentId) {
        return blocking.call(() -> LikesView.of(posts.likeComment(id, commentId, caller.userId(), false)));
    }

    /** No thread waits: the like and its notification are queued writes, answered once durable. */
    private Mono<LikesView> liked(long postId, Caller caller, boolean like) {
        return Blocking.inContext(() -> posts.likePostQueued(postId, caller.userId(), like))
                .flatMap(Mono::fromCompletionStage)
                .map(LikesView::of);
    }

    private static Page<PostView> page(Paged<Post> page) {
        return new Page<>(page.items().stream().map(PostView::of).toList(), page.hasMore());
    }
}
