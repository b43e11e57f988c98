package dev.parley.core.social;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** A comment on a post (flat; {@code replyTo} names the comment it answers, if any). */
public record Comment(
        long id,
        long postId,
        UserRef author,
        String text,
        Long replyTo,
        int likeCount,
        boolean likedByMe,
        Instant createdAt) {}
