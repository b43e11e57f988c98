package dev.parley.core.social;

import dev.parley.core.account.UserRef;
import java.time.Instant;
import java.util.List;

/** A post as one viewer sees it: the counts are exact, {@code likedByMe} is the viewer's. */
public record Post(
        long id,
        UserRef author,
        String text,
        List<PostImage> images,
        PostVisibility visibility,
        int likeCount,
        int commentCount,
        boolean likedByMe,
        Instant createdAt) {

    public Post withImages(List<PostImage> pictures) {
        return new Post(id, author, text, pictures, visibility, likeCount, commentCount, likedByMe, createdAt);
    }
}
