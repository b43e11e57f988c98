package dev.parley.server.social;

import dev.parley.core.account.UserRef;
import dev.parley.core.social.Post;
import dev.parley.core.social.PostImage;
import dev.parley.server.web.Enums;
import java.time.Instant;
import java.util.List;

/** A post as clients see it; {@code images}: its pictures in order, each at {@code url} (with the token). */
public record PostView(
        long id,
        UserRef author,
        String text,
        List<ImageView> images,
        String visibility,
        int likeCount,
        int commentCount,
        boolean likedByMe,
        Instant createdAt) {

    /** A picture of a post: {@code url} serves the preview, {@code url + "?size=full"} the original. */
    public record ImageView(String id, int width, int height, String url) {
        static ImageView of(long postId, PostImage image) {
            return new ImageView(
                    image.id(), image.width(), image.height(), "/api/v1/posts/" + postId + "/images/" + image.id());
        }
    }

    static PostView of(Post p) {
        return new PostView(
                p.id(),
                p.author(),
                p.text(),
                p.images().stream().map(i -> ImageView.of(p.id(), i)).toList(),
                Enums.wire(p.visibility()),
                p.likeCount(),
                p.commentCount(),
                p.likedByMe(),
                p.createdAt());
    }
}
