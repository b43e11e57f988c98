package dev.parley.core.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.social.FriendStore.Requested;
import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link FriendStore} guarantees. */
public abstract class FriendStoreContract extends StoreContract {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aRequestWaitsUntilAcceptedAndThenBothAreFriends() {
        User ann = stores.user();
        User bob = stores.user();
        FriendStore friends = stores.friends();

        assertThat(friends.request(ann.id(), bob.id(), T)).isEqualTo(Requested.SENT);
        assertThat(friends.request(ann.id(), bob.id(), T)).as("not twice").isEqualTo(Requested.ALREADY_SENT);
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.REQUEST_SENT);
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.REQUEST_RECEIVED);
        assertThat(friends.incoming(bob.id(), 10))
                .extracting(r -> r.user().id())
                .containsExactly(ann.id());
        assertThat(friends.outgoing(ann.id(), 10))
                .extracting(r -> r.user().id())
                .containsExactly(bob.id());

        assertThat(friends.accept(bob.id(), ann.id(), T)).isTrue();
        assertThat(friends.accept(bob.id(), ann.id(), T)).isFalse();
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.FRIENDS);
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.FRIENDS);
        assertThat(friends.incoming(bob.id(), 10)).isEmpty();
        assertThat(friends.friendCount(ann.id())).isEqualTo(1);
        assertThat(friends.friendIds(bob.id())).containsExactly(ann.id());
        assertThat(friends.request(bob.id(), ann.id(), T)).isEqualTo(Requested.ALREADY_FRIENDS);
    }

    @Test
    void aRequestToWhoAskedYouAcceptsTheirs() {
        User ann = stores.user();
        User bob = stores.user();
        stores.friends().request(ann.id(), bob.id(), T);

        assertThat(stores.friends().request(bob.id(), ann.id(), T)).isEqualTo(Requested.ACCEPTED);
        assertThat(stores.friends().relation(ann.id(), bob.id())).isEqualTo(Relation.FRIENDS);
        assertThat(stores.friends().outgoing(ann.id(), 10)).isEmpty();
        assertThat(stores.friends().outgoing(bob.id(), 10)).isEmpty();
    }

    @Test
    void cancelDeclineAndRemove() {
        User ann = stores.user();
        User bob = stores.user();
        FriendStore friends = stores.friends();
        friends.request(ann.id(), bob.id(), T);
        assertThat(friends.cancel(ann.id(), bob.id())).isTrue();
        assertThat(friends.cancel(ann.id(), bob.id())).isFalse();
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.NONE);

        friends.request(ann.id(), bob.id(), T);
        assertThat(friends.decline(bob.id(), ann.id())).isTrue();
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.NONE);

        friends.request(ann.id(), bob.id(), T);
        friends.accept(bob.id(), ann.id(), T);
        assertThat(friends.remove(bob.id(), ann.id())).as("removing is mutual").isTrue();
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.NONE);
        assertThat(friends.friendCount(ann.id())).isZero();
        assertThat(friends.remove(bob.id(), ann.id())).isFalse();
    }

    @Test
    void friendsArePagedAndFoundByName() {
        User me = stores.user();
        List<User> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            User other = stores.user();
            others.add(other);
            stores.friends().request(me.id(), other.id(), T);
            stores.friends().accept(other.id(), me.id(), T);
        }
        List<Friend> first = stores.friends().friends(me.id(), null, 0, 3);
        assertThat(first)
                .extracting(f -> f.user().id())
                .containsExactly(
                        others.get(0).id(), others.get(1).id(), others.get(2).id());
        assertThat(stores.friends().friends(me.id(), null, first.get(2).user().id(), 3))
                .extracting(f -> f.user().id())
                .containsExactly(others.get(3).id(), others.get(4).id());
        String name = others.get(4).username();
        assertThat(stores.friends().friends(me.id(), name.toUpperCase(), 0, 10))
                .extracting(f -> f.user().username())
                .containsExactly(name);
    }

    @Test
    void askingEachOtherAtOnceEndsInOneFriendship() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                User ann = stores.user();
                User bob = stores.user();
                CountDownLatch start = new CountDownLatch(1);
                Future<Requested> a = pool.submit(() -> {
                    start.await();
                    return stores.friends().request(ann.id(), bob.id(), T);
                });
                Future<Requested> b = pool.submit(() -> {
                    start.await();
                    return stores.friends().request(bob.id(), ann.id(), T);
                });
                start.countDown();
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(Requested.SENT, Requested.ACCEPTED);
                assertThat(stores.friends().relation(ann.id(), bob.id())).isEqualTo(Relation.FRIENDS);
                assertThat(stores.friends().incoming(ann.id(), 10)).isEmpty();
                assertThat(stores.friends().incoming(bob.id(), 10)).isEmpty();
            }
        } finally {
            pool.shutdown();
        }
    }
}
