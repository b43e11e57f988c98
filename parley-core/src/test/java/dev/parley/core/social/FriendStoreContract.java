package dev.parley.core.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.social.FriendStore.Accepted;
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
    private static final int MAX = 5000;
    private static final FriendCaps CAPS = new FriendCaps(MAX, 1000);

    @Test
    void aRequestWaitsUntilAcceptedAndThenBothAreFriends() {
        User ann = stores.user();
        User bob = stores.user();
        FriendStore friends = stores.friends();

        assertThat(friends.request(ann.id(), bob.id(), T, CAPS)).isEqualTo(Requested.SENT);
        assertThat(friends.request(ann.id(), bob.id(), T, CAPS)).as("not twice").isEqualTo(Requested.ALREADY_SENT);
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.REQUEST_SENT);
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.REQUEST_RECEIVED);
        assertThat(friends.incoming(bob.id(), 10))
                .extracting(r -> r.user().id())
                .containsExactly(ann.id());
        assertThat(friends.outgoing(ann.id(), 10))
                .extracting(r -> r.user().id())
                .containsExactly(bob.id());

        assertThat(friends.accept(bob.id(), ann.id(), T, MAX)).isEqualTo(Accepted.ACCEPTED);
        assertThat(friends.accept(bob.id(), ann.id(), T, MAX)).isEqualTo(Accepted.NO_REQUEST);
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.FRIENDS);
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.FRIENDS);
        assertThat(friends.incoming(bob.id(), 10)).isEmpty();
        assertThat(friends.friendCount(ann.id())).isEqualTo(1);
        assertThat(friends.friendIds(bob.id())).containsExactly(ann.id());
        assertThat(friends.request(bob.id(), ann.id(), T, CAPS)).isEqualTo(Requested.ALREADY_FRIENDS);
    }

    @Test
    void aRequestToWhoAskedYouAcceptsTheirs() {
        User ann = stores.user();
        User bob = stores.user();
        stores.friends().request(ann.id(), bob.id(), T, CAPS);

        assertThat(stores.friends().request(bob.id(), ann.id(), T, CAPS)).isEqualTo(Requested.ACCEPTED);
        assertThat(stores.friends().relation(ann.id(), bob.id())).isEqualTo(Relation.FRIENDS);
        assertThat(stores.friends().outgoing(ann.id(), 10)).isEmpty();
        assertThat(stores.friends().outgoing(bob.id(), 10)).isEmpty();
    }

    @Test
    void cancelDeclineAndRemove() {
        User ann = stores.user();
        User bob = stores.user();
        FriendStore friends = stores.friends();
        friends.request(ann.id(), bob.id(), T, CAPS);
        assertThat(friends.cancel(ann.id(), bob.id())).isTrue();
        assertThat(friends.cancel(ann.id(), bob.id())).isFalse();
        assertThat(friends.relation(ann.id(), bob.id())).isEqualTo(Relation.NONE);

        friends.request(ann.id(), bob.id(), T, CAPS);
        assertThat(friends.decline(bob.id(), ann.id())).isTrue();
        assertThat(friends.relation(bob.id(), ann.id())).isEqualTo(Relation.NONE);

        friends.request(ann.id(), bob.id(), T, CAPS);
        friends.accept(bob.id(), ann.id(), T, MAX);
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
            stores.friends().request(me.id(), other.id(), T, CAPS);
            stores.friends().accept(other.id(), me.id(), T, MAX);
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
                    return stores.friends().request(ann.id(), bob.id(), T, CAPS);
                });
                Future<Requested> b = pool.submit(() -> {
                    start.await();
                    return stores.friends().request(bob.id(), ann.id(), T, CAPS);
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

    @Test
    void noOneHasMoreFriendsThanTheCapAllowsAndARequestRefusedSoStays() {
        FriendCaps two = new FriendCaps(2, 10);
        FriendStore friends = stores.friends();
        User me = stores.user();
        User waiting = stores.user();
        assertThat(friends.request(waiting.id(), me.id(), T, two)).isEqualTo(Requested.SENT);
        for (User other : List.of(stores.user(), stores.user())) {
            assertThat(friends.request(me.id(), other.id(), T, two)).isEqualTo(Requested.SENT);
            assertThat(friends.accept(other.id(), me.id(), T, 2)).isEqualTo(Accepted.ACCEPTED);
        }
        User stranger = stores.user();

        assertThat(friends.accept(me.id(), waiting.id(), T, 2)).isEqualTo(Accepted.FULL);
        assertThat(friends.relation(me.id(), waiting.id()))
                .as("the request waits until there is room")
                .isEqualTo(Relation.REQUEST_RECEIVED);
        assertThat(friends.request(waiting.id(), me.id(), T, two))
                .as("asking again what is asked answers so")
                .isEqualTo(Requested.ALREADY_SENT);
        assertThat(friends.request(me.id(), waiting.id(), T, two))
                .as("nor does asking back accept it")
                .isEqualTo(Requested.FULL);
        assertThat(friends.request(me.id(), stranger.id(), T, two)).isEqualTo(Requested.FULL);
        assertThat(friends.request(stranger.id(), me.id(), T, two)).isEqualTo(Requested.OTHER_FULL);
        assertThat(friends.friendCount(me.id())).isEqualTo(2);
        assertThat(friends.relation(stranger.id(), me.id())).isEqualTo(Relation.NONE);

        long anyFriend = friends.friendIds(me.id()).get(0);
        assertThat(friends.request(me.id(), anyFriend, T, two))
                .as("asking a friend answers so, full or not")
                .isEqualTo(Requested.ALREADY_FRIENDS);
        assertThat(friends.remove(me.id(), anyFriend)).isTrue();
        assertThat(friends.accept(me.id(), waiting.id(), T, 2)).isEqualTo(Accepted.ACCEPTED);
        assertThat(friends.friendCount(me.id())).isEqualTo(2);
    }

    @Test
    void noOneHasMoreRequestsWaitingThanTheCapAllows() {
        FriendCaps twoWaiting = new FriendCaps(100, 2);
        FriendStore friends = stores.friends();
        User ann = stores.user();
        User bob = stores.user();
        User cat = stores.user();
        User dan = stores.user();
        assertThat(friends.request(ann.id(), bob.id(), T, twoWaiting)).isEqualTo(Requested.SENT);
        assertThat(friends.request(ann.id(), cat.id(), T, twoWaiting)).isEqualTo(Requested.SENT);

        assertThat(friends.request(ann.id(), dan.id(), T, twoWaiting)).isEqualTo(Requested.TOO_MANY_PENDING);
        assertThat(friends.relation(ann.id(), dan.id())).isEqualTo(Relation.NONE);
        assertThat(friends.request(ann.id(), bob.id(), T, twoWaiting)).isEqualTo(Requested.ALREADY_SENT);
        assertThat(friends.request(dan.id(), ann.id(), T, twoWaiting)).isEqualTo(Requested.SENT);
        assertThat(friends.request(ann.id(), dan.id(), T, twoWaiting))
                .as("accepting theirs is no request of one's own")
                .isEqualTo(Requested.ACCEPTED);
        assertThat(friends.cancel(ann.id(), bob.id())).isTrue();
        assertThat(friends.request(ann.id(), stores.user().id(), T, twoWaiting)).isEqualTo(Requested.SENT);
    }

    @Test
    void theCapHoldsWhenManyAreAcceptedAtOnce() throws Exception {
        User popular = stores.user();
        List<User> askers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User asker = stores.user();
            askers.add(asker);
            stores.friends().request(asker.id(), popular.id(), T, CAPS);
        }
        var pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Accepted>> accepted = new ArrayList<>();
            for (User asker : askers) {
                accepted.add(pool.submit(() -> {
                    start.await();
                    return stores.friends().accept(popular.id(), asker.id(), T, 3);
                }));
            }
            start.countDown();
            List<Accepted> answers = new ArrayList<>();
            for (Future<Accepted> answer : accepted) {
                answers.add(answer.get());
            }
            assertThat(answers).filteredOn(a -> a == Accepted.ACCEPTED).hasSize(3);
            assertThat(answers).filteredOn(a -> a == Accepted.FULL).hasSize(5);
            assertThat(stores.friends().friendCount(popular.id())).isEqualTo(3);
            assertThat(stores.friends().incoming(popular.id(), 10)).hasSize(5);
        } finally {
            pool.shutdown();
        }
    }
}
