package dev.parley.core.chat;

import java.time.Instant;

/**
 * A chat and its stream position. {@code lastSeq} is the {@code seq} of the newest event in the
 * chat's stream (0 before the first). A direct chat has no title and is always private.
 */
public record Chat(
        long id, ChatKind kind, String title, Visibility visibility, long lastSeq, int memberCount, Instant createdAt) {

    public boolean isPublic() {
        return kind == ChatKind.GROUP && visibility == Visibility.PUBLIC;
    }
}
