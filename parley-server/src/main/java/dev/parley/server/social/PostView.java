package dev.parley.server.social;

import dev.parley.core.account.UserRef;
import dev.parley.core.social.Post;
import dev.parley.server.web.Enums;
import java.time.Instant;

public record PostView(
        long id,
        UserRef author,
        String text,
        String visibility,
        int likeCount,
        int commentCount,
        boolean likedByMe,
        Instant createdAt) {

    static PostView of(Post p) {
        return new PostView(
                p.id(),
                p.author(),
                p.text(),
                Enums.wire(p.visibility()),
                p.likeCount(),
                p.commentCount(),
                p.likedByMe(),
                p.createdAt());
    }
}
