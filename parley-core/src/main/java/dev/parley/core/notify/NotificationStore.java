package dev.parley.core.notify;

import java.time.Instant;
import java.util.List;

/** Persistence of each user's notifications. */
public interface NotificationStore {

    /** Stores a notification; {@code actorId} must be an existing user. */
    Notification add(long userId, NotificationKind kind, long actorId, Long postId, Long commentId, Instant at);

    /** Stores a mention of {@code userId} by {@code actorId} in a chat message. */
    Notification addMention(long userId, long actorId, MessageRef message, Instant at);

    /** A notification just stored, and its user's unread count with it. */
    record Added(Notification notification, int unread) {}

    /** A page of the user's notifications with ids below {@code beforeId}, newest first. */
    List<Notification> page(long userId, long beforeId, int limit);

    /**
     * Unread notifications are counted up to this many (a client shows "99+"): each new notification
     * carries its user's count, and counting stays a short read of one index however many are unread.
     */
    int UNREAD_MAX = 100;

    /** The user's unread notifications, at most {@link #UNREAD_MAX}. */
    int unread(long userId);

    /** Marks the user's notifications up to {@code upToId} (inclusive) read; answers how many changed. */
    int markRead(long userId, long upToId, Instant at);

    /** Removes the like notifications of one actor on one subject (after an unlike). */
    void withdraw(long userId, NotificationKind kind, long actorId, Long postId, Long commentId);
}
