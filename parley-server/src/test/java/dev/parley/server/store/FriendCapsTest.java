package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.account.User;
import dev.parley.core.error.ParleyException;
import dev.parley.core.notify.NotificationEvents;
import dev.parley.core.notify.NotificationService;
import dev.parley.core.social.FriendCaps;
import dev.parley.core.social.FriendService;
import dev.parley.core.social.Relation;
import dev.parley.core.testing.Stores;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user is told when a friend cap refuses them (the caps themselves: FriendStoreContract). */
class FriendCapsTest {

    private Stores stores;
    private FriendService friends;

    @BeforeEach
    void open() throws Exception {
        stores = TestStores.sqlite();
        Clock clock = Clock.systemUTC();
        friends = new FriendService(
                stores.friends(),
                stores.users(),
                new NotificationService(stores.notifications(), NotificationEvents.NONE, clock),
                clock,
                new FriendCaps(1, 1));
    }

    @AfterEach
    void close() throws Exception {
        stores.close();
    }

    @Test
    void eachCapIsAConflictThatSaysWhoseItIsAndWhatToDo() {
        User ann = stores.user();
        User bob = stores.user();
        User cat = stores.user();
        assertThat(friends.request(ann.id(), bob.id())).isEqualTo(Relation.REQUEST_SENT);
        assertRefused(() -> friends.request(ann.id(), cat.id()), "too_many_friend_requests", "withdraw one first");

        assertThat(friends.accept(bob.id(), ann.id())).isEqualTo(Relation.FRIENDS);
        assertRefused(() -> friends.request(ann.id(), cat.id()), "too_many_friends", "you have 1 friends");
        assertRefused(
                () -> friends.request(cat.id(), ann.id()), "user_has_too_many_friends", "user " + ann.id() + " has 1");

        // requests made before either side was full meet the caps when accepted
        User fay = stores.user();
        User gus = stores.user();
        User hal = stores.user();
        friends.request(fay.id(), gus.id());
        friends.request(gus.id(), hal.id());
        friends.request(hal.id(), fay.id());
        assertThat(friends.accept(hal.id(), gus.id())).isEqualTo(Relation.FRIENDS);
        assertRefused(() -> friends.accept(gus.id(), fay.id()), "too_many_friends", "remove one first");
        assertRefused(
                () -> friends.accept(fay.id(), hal.id()), "user_has_too_many_friends", "user " + hal.id() + " has 1");
        assertThat(friends.relation(gus.id(), fay.id())).isEqualTo(Relation.REQUEST_RECEIVED);
        assertThat(friends.accept(hal.id(), gus.id()))
                .as("accepting twice changes nothing")
                .isEqualTo(Relation.FRIENDS);
    }

    private static void assertRefused(Runnable call, String code, String says) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ParleyException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo(code);
                })
                .hasMessageContaining(says);
    }
}
