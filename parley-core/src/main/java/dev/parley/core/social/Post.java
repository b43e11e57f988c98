package dev.parley.core.social;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** A post as one viewer sees it: the counts are exact, {@code likedByMe} is the viewer's. */
public record Post(
        long id,
        UserRef author,
        String text,
        PostVisibility visibility,
        int likeCount,
        int commentCount,
        boolean likedByMe,
        Instant createdAt) {}
