package dev.parley.server.social;

import dev.parley.core.account.UserRef;
import dev.parley.core.social.Comment;
import java.time.Instant;

public record CommentView(
        long id,
        long postId,
        UserRef author,
        String text,
        Long replyTo,
        int likeCount,
        boolean likedByMe,
        Instant createdAt) {

    static CommentView of(Comment c) {
        return new CommentView(
                c.id(), c.postId(), c.author(), c.text(), c.replyTo(), c.likeCount(), c.likedByMe(), c.createdAt());
    }
}
