package dev.parley.core.notify;

import java.util.Locale;

/**
 * What a notification is about. Likes group ("Ann and 12 others liked your post"); the rest stand
 * alone. A mention is of the notified user by {@code @username} in a message of a chat they are in.
 */
public enum NotificationKind {
    FRIEND_REQUEST,
    FRIEND_ACCEPTED,
    POST_COMMENT,
    COMMENT_REPLY,
    POST_LIKE,
    COMMENT_LIKE,
    MENTION;

    public boolean groups() {
        return this == POST_LIKE || this == COMMENT_LIKE;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
