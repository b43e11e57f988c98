package dev.parley.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link NotificationStore} guarantees. */
public abstract class NotificationStoreContract extends StoreContract {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void storesPagesCountsAndMarksRead() {
        User me = stores.user();
        User ann = stores.user();
        NotificationStore store = stores.notifications();
        Notification first = store.add(me.id(), NotificationKind.FRIEND_REQUEST, ann.id(), null, null, T);
        Notification second = store.add(me.id(), NotificationKind.POST_LIKE, ann.id(), 7L, null, T);

        assertThat(first.actor().username()).isEqualTo(ann.username());
        assertThat(store.page(me.id(), Long.MAX_VALUE, 10))
                .extracting(Notification::id)
                .containsExactly(second.id(), first.id());
        assertThat(store.page(me.id(), second.id(), 10))
                .extracting(Notification::id)
                .containsExactly(first.id());
        assertThat(store.page(ann.id(), Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.unread(me.id())).isEqualTo(2);

        assertThat(store.markRead(me.id(), first.id(), T)).isEqualTo(1);
        assertThat(store.unread(me.id())).isEqualTo(1);
        assertThat(store.page(me.id(), Long.MAX_VALUE, 10))
                .extracting(Notification::read)
                .containsExactly(false, true);
        store.markRead(me.id(), Long.MAX_VALUE, T);
        assertThat(store.unread(me.id())).isZero();
    }

    @Test
    void theUnreadCountStopsAtItsCap() {
        User me = stores.user();
        User ann = stores.user();
        for (int i = 0; i < NotificationStore.UNREAD_MAX - 1; i++) {
            stores.notifications().add(me.id(), NotificationKind.POST_LIKE, ann.id(), (long) i, null, T);
        }
        assertThat(stores.notifications().unread(me.id())).isEqualTo(NotificationStore.UNREAD_MAX - 1);
        for (int i = 0; i < 6; i++) {
            stores.notifications().add(me.id(), NotificationKind.COMMENT_LIKE, ann.id(), 1L, (long) i, T);
        }
        assertThat(stores.notifications().unread(me.id())).isEqualTo(NotificationStore.UNREAD_MAX);
    }

    @Test
    void anUnlikeWithdrawsOnlyItsOwnLike() {
        User me = stores.user();
        User ann = stores.user();
        User bob = stores.user();
        NotificationStore store = stores.notifications();
        store.add(me.id(), NotificationKind.POST_LIKE, ann.id(), 7L, null, T);
        store.add(me.id(), NotificationKind.POST_LIKE, bob.id(), 7L, null, T);
        store.add(me.id(), NotificationKind.COMMENT_LIKE, ann.id(), 7L, 9L, T);

        store.withdraw(me.id(), NotificationKind.POST_LIKE, ann.id(), 7L, null);
        assertThat(store.page(me.id(), Long.MAX_VALUE, 10))
                .extracting(n -> n.kind() + " " + n.actor().id())
                .containsExactly("COMMENT_LIKE " + ann.id(), "POST_LIKE " + bob.id());
    }

    @Test
    void aMentionKeepsTheMessageItPointsAt() {
        User me = stores.user();
        User ann = stores.user();
        NotificationStore store = stores.notifications();
        Notification mention = store.addMention(me.id(), ann.id(), new MessageRef(12, 345, 67), T);

        assertThat(mention.kind()).isEqualTo(NotificationKind.MENTION);
        assertThat(store.page(me.id(), Long.MAX_VALUE, 10)).singleElement().satisfies(n -> {
            assertThat(n.message()).isEqualTo(new MessageRef(12, 345, 67));
            assertThat(n.actor().id()).isEqualTo(ann.id());
            assertThat(n.postId()).isNull();
        });
        Notification like = store.add(me.id(), NotificationKind.POST_LIKE, ann.id(), 7L, null, T);
        assertThat(like.message()).isNull();
        assertThat(store.unread(me.id())).isEqualTo(2);
    }
}
