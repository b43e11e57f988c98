package dev.parley.core.notify;

import dev.parley.core.error.ParleyException;
import java.time.Clock;
import java.util.List;

/** The notification feed: stored first, then announced live; read over REST after being away. */
public final class NotificationService {

    public static final int PAGE_MAX = 100;

    private final NotificationStore store;
    private final NotificationEvents events;
    private final Clock clock;

    public NotificationService(NotificationStore store, NotificationEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** {@code actorId} did {@code kind} to {@code userId}; nothing when one notifies oneself. */
    public void notify(long userId, NotificationKind kind, long actorId, Long postId, Long commentId) {
        if (userId == actorId) {
            return;
        }
        Notification n = store.add(userId, kind, actorId, postId, commentId, clock.instant());
        events.notified(n, store.unread(userId));
    }

    /** {@code actorId} mentioned {@code userId} in a chat message; nothing when one mentions oneself. */
    public void mentioned(long userId, long actorId, MessageRef message) {
        if (userId == actorId) {
            return;
        }
        Notification n = store.addMention(userId, actorId, message, clock.instant());
        events.notified(n, store.unread(userId));
    }

    /** Announces a notification stored elsewhere (with the like that caused it, say). */
    public void announce(NotificationStore.Added added) {
        events.notified(added.notification(), added.unread());
    }

    /** An unlike takes its like notification back. */
    public void withdraw(long userId, NotificationKind kind, long actorId, Long postId, Long commentId) {
        if (userId != actorId) {
            store.withdraw(userId, kind, actorId, postId, commentId);
        }
    }

    public record Page(List<NotificationGroup> items, boolean hasMore, int unread) {}

    /** A page of the feed, newest first, likes of one subject folded together within the page. */
    public Page page(long userId, Long before, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        List<Notification> rows = store.page(userId, before == null ? Long.MAX_VALUE : before, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<Notification> page = hasMore ? rows.subList(0, limit) : rows;
        return new Page(NotificationGroup.fold(page), hasMore, store.unread(userId));
    }

    public int unread(long userId) {
        return store.unread(userId);
    }

    /** Marks everything up to {@code upTo} read (everything when null); answers the unread count left. */
    public int markRead(long userId, Long upTo) {
        store.markRead(userId, upTo == null ? Long.MAX_VALUE : upTo, clock.instant());
        return store.unread(userId);
    }
}
