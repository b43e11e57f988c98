package dev.parley.server.social;

import dev.parley.core.account.UserRef;
import dev.parley.core.notify.MessageRef;
import dev.parley.core.notify.NotificationGroup;
import java.time.Instant;
import java.util.List;

/**
 * A notification as clients see it: {@code actors} are the most recent few of {@code actorCount}
 * people (likes of one post or comment are folded into one item); {@code message} is set for a
 * mention (the chat, the message and its seq).
 */
public record NotificationView(
        long id,
        String kind,
        List<UserRef> actors,
        int actorCount,
        Long postId,
        Long commentId,
        MessageRef message,
        Instant createdAt,
        boolean read) {

    public static NotificationView of(NotificationGroup g) {
        return new NotificationView(
                g.id(),
                g.kind().wire(),
                g.actors(),
                g.actorCount(),
                g.postId(),
                g.commentId(),
                g.message(),
                g.createdAt(),
                g.read());
    }
}
