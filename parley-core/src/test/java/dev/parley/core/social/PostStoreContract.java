package dev.parley.core.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationStore;
import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link PostStore} guarantees. */
public abstract class PostStoreContract extends StoreContract {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private void befriend(User a, User b) {
        stores.friends().request(a.id(), b.id(), T, new FriendCaps(5000, 1000));
        stores.friends().accept(b.id(), a.id(), T, 5000);
    }

    @Test
    void theFeedHoldsMyPostsAndMyFriendsNewestFirstPagedByCursor() {
        User me = stores.user();
        User friend = stores.user();
        User stranger = stores.user();
        befriend(me, friend);
        PostStore posts = stores.posts();
        Post mine = posts.create(me.id(), "mine", PostVisibility.FRIENDS, T);
        Post theirs = posts.create(friend.id(), "theirs", PostVisibility.FRIENDS, T);
        posts.create(stranger.id(), "a stranger's, even public", PostVisibility.PUBLIC, T);
        Post latest = posts.create(friend.id(), "latest", PostVisibility.PUBLIC, T);

        assertThat(posts.feed(me.id(), Long.MAX_VALUE, 10))
                .extracting(Post::text)
                .containsExactly("latest", "theirs", "mine");
        List<Post> first = posts.feed(me.id(), Long.MAX_VALUE, 2);
        posts.create(friend.id(), "newer than the page", PostVisibility.FRIENDS, T);
        assertThat(posts.feed(me.id(), first.get(1).id(), 2))
                .as("the next page is stable under new posts")
                .extracting(Post::id)
                .containsExactly(mine.id());
        assertThat(latest.id()).isGreaterThan(theirs.id());
    }

    @Test
    void anAuthorsPostsShowOnlyPublicOnesUnlessAllAreAllowed() {
        User author = stores.user();
        User viewer = stores.user();
        stores.posts().create(author.id(), "for friends", PostVisibility.FRIENDS, T);
        stores.posts().create(author.id(), "for all", PostVisibility.PUBLIC, T);

        assertThat(stores.posts().byAuthor(author.id(), viewer.id(), false, Long.MAX_VALUE, 10))
                .extracting(Post::text)
                .containsExactly("for all");
        assertThat(stores.posts().byAuthor(author.id(), viewer.id(), true, Long.MAX_VALUE, 10))
                .extracting(Post::text)
                .containsExactly("for all", "for friends");
    }

    @Test
    void commentsCountAndDeletingAPostTakesItsCommentsAndLikes() {
        User author = stores.user();
        User other = stores.user();
        Post post = stores.posts().create(author.id(), "post", PostVisibility.PUBLIC, T);
        Comment first = stores.posts().comment(post.id(), other.id(), "first", null, T);
        Comment reply = stores.posts().comment(post.id(), author.id(), "reply", first.id(), T);
        stores.posts().likeComment(first.id(), author.id(), true, T);

        assertThat(stores.posts().find(post.id(), other.id()).orElseThrow().commentCount())
                .isEqualTo(2);
        assertThat(stores.posts().comments(post.id(), author.id(), 0, 10))
                .extracting(Comment::text, Comment::replyTo, Comment::likedByMe, Comment::likeCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first", null, true, 1),
                        org.assertj.core.groups.Tuple.tuple("reply", first.id(), false, 0));
        assertThat(stores.posts().comments(post.id(), author.id(), first.id(), 10))
                .extracting(Comment::id)
                .containsExactly(reply.id());
        assertThat(stores.posts().deleteComment(reply.id())).isTrue();
        assertThat(stores.posts().find(post.id(), other.id()).orElseThrow().commentCount())
                .isEqualTo(1);

        assertThat(stores.posts().delete(post.id())).isTrue();
        assertThat(stores.posts().find(post.id(), other.id())).isEmpty();
        assertThat(stores.posts().findComment(first.id(), other.id())).isEmpty();
        assertThat(stores.posts().delete(post.id())).isFalse();
    }

    @Test
    void likesAreIdempotentAndSayWhoLikes() throws Exception {
        User author = stores.user();
        User fan = stores.user();
        Post post = stores.posts().create(author.id(), "post", PostVisibility.PUBLIC, T);

        assertThat(liked(post, fan, true).orElseThrow().likes()).isEqualTo(new Likes(1, true, true));
        assertThat(liked(post, fan, true).orElseThrow().likes()).isEqualTo(new Likes(1, true, false));
        assertThat(stores.posts().find(post.id(), fan.id()).orElseThrow().likedByMe())
                .isTrue();
        assertThat(stores.posts().find(post.id(), author.id()).orElseThrow().likedByMe())
                .isFalse();
        assertThat(liked(post, fan, false).orElseThrow().likes()).isEqualTo(new Likes(0, false, true));
        assertThat(liked(post, fan, false).orElseThrow().likes()).isEqualTo(new Likes(0, false, false));
    }

    @Test
    void concurrentLikesAndUnlikesLeaveAnExactCount() throws Exception {
        User author = stores.user();
        Post post = stores.posts().create(author.id(), "popular", PostVisibility.PUBLIC, T);
        List<User> fans = users(20);
        var pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (User fan : fans) {
                for (int round = 0; round < 5; round++) {
                    boolean like = round % 2 == 0; // like, unlike, like, unlike, like: ends liked
                    work.add(pool.submit(() -> {
                        start.await();
                        return liked(post, fan, like).orElseThrow();
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        int count = stores.posts().find(post.id(), author.id()).orElseThrow().likeCount();
        int liked = 0;
        for (User fan : fans) {
            liked += stores.posts().find(post.id(), fan.id()).orElseThrow().likedByMe() ? 1 : 0;
        }
        assertThat(count)
                .as("the count is the number of likes, whatever the interleaving")
                .isEqualTo(liked);
    }

    @Test
    void aPostTakesItsAuthorsUnusedUploadsInOrderAndNothingElse() {
        User author = stores.user();
        User other = stores.user();
        PostImage first = new PostImage(uploadId(), 640, 480, "jpg");
        PostImage second = new PostImage(uploadId(), 10, 20, "png");
        PostImage theirs = new PostImage(uploadId(), 1, 1, "png");
        stores.posts().addUpload(author.id(), first, T, Integer.MAX_VALUE);
        stores.posts().addUpload(author.id(), second, T, Integer.MAX_VALUE);
        stores.posts().addUpload(other.id(), theirs, T, Integer.MAX_VALUE);

        assertThat(stores.posts().create(author.id(), "x", PostVisibility.PUBLIC, List.of(first.id(), theirs.id()), T))
                .as("another's upload: no post, and the author's upload stays free")
                .isEmpty();
        assertThat(stores.posts().byAuthor(author.id(), author.id(), true, Long.MAX_VALUE, 10))
                .isEmpty();

        Post post = stores.posts()
                .create(author.id(), "", PostVisibility.PUBLIC, List.of(second.id(), first.id()), T)
                .orElseThrow();
        assertThat(post.images()).containsExactly(second, first);
        assertThat(stores.posts().find(post.id(), other.id()).orElseThrow().images())
                .containsExactly(second, first);
        assertThat(stores.posts().feed(author.id(), Long.MAX_VALUE, 10).get(0).images())
                .containsExactly(second, first);
        assertThat(stores.posts().create(author.id(), "again", PostVisibility.PUBLIC, List.of(first.id()), T))
                .as("an upload belongs to one post")
                .isEmpty();

        assertThat(stores.posts().delete(post.id())).isTrue();
        assertThat(stores.posts().removeUnusedUploads(T.plusSeconds(1), 1000))
                .as("the deleted post's pictures are gone with it; only the unused upload is left")
                .contains(theirs)
                .doesNotContain(first, second);
    }

    @Test
    void anOwnerHoldsAtMostTheLimitOfPicturesNoPostTookAndAPostFreesTheirPlaces() {
        User author = stores.user();
        User other = stores.user();
        PostImage first = new PostImage(uploadId(), 1, 1, "png");
        PostImage second = new PostImage(uploadId(), 1, 1, "png");
        PostImage third = new PostImage(uploadId(), 1, 1, "png");
        assertThat(stores.posts().addUpload(author.id(), first, T, 2)).isTrue();
        assertThat(stores.posts().addUpload(author.id(), second, T, 2)).isTrue();

        assertThat(stores.posts().addUpload(author.id(), third, T, 2))
                .as("a third")
                .isFalse();
        assertThat(stores.posts().unsentUploads(author.id())).isEqualTo(2);
        assertThat(stores.posts().create(author.id(), "", PostVisibility.PUBLIC, List.of(third.id()), T))
                .as("the refused picture was not kept")
                .isEmpty();
        assertThat(stores.posts().addUpload(other.id(), third, T, 2))
                .as("another's count is their own")
                .isTrue();

        stores.posts().create(author.id(), "", PostVisibility.PUBLIC, List.of(first.id()), T);
        assertThat(stores.posts().unsentUploads(author.id())).isEqualTo(1);
        assertThat(stores.posts().addUpload(author.id(), new PostImage(uploadId(), 1, 1, "png"), T, 2))
                .isTrue();
    }

    private static String uploadId() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void onlyUploadsOlderThanTheCutOffAreRemoved() {
        User author = stores.user();
        PostImage old = new PostImage(uploadId(), 1, 1, "png");
        PostImage fresh = new PostImage(uploadId(), 1, 1, "png");
        stores.posts().addUpload(author.id(), old, T, Integer.MAX_VALUE);
        stores.posts().addUpload(author.id(), fresh, T.plusSeconds(60), Integer.MAX_VALUE);

        assertThat(stores.posts().removeUnusedUploads(T.plusSeconds(30), 1000))
                .contains(old)
                .doesNotContain(fresh);
        assertThat(stores.posts().removeUnusedUploads(T.plusSeconds(30), 1000)).doesNotContain(old);
        assertThat(stores.posts().create(author.id(), "", PostVisibility.PUBLIC, List.of(old.id()), T))
                .as("a removed upload cannot be used")
                .isEmpty();
        assertThat(stores.posts().create(author.id(), "", PostVisibility.PUBLIC, List.of(fresh.id()), T))
                .isPresent();
    }

    @Test
    void aQueuedLikeChecksWhoMaySeeThePostInItsOwnTransaction() throws Exception {
        User author = stores.user();
        User friend = stores.user();
        User stranger = stores.user();
        befriend(author, friend);
        Post friendsOnly = stores.posts().create(author.id(), "for friends", PostVisibility.FRIENDS, T);
        Post open = stores.posts().create(author.id(), "for all", PostVisibility.PUBLIC, T);

        assertThat(liked(friendsOnly, stranger, true))
                .as("a stranger may not see it")
                .isEmpty();
        PostStore.Liked first = liked(friendsOnly, friend, true).orElseThrow();
        assertThat(first.likes()).isEqualTo(new Likes(1, true, true));
        assertThat(first.notification()).hasValueSatisfying(added -> {
            assertThat(added.notification().userId()).isEqualTo(author.id());
            assertThat(added.notification().kind()).isEqualTo(NotificationKind.POST_LIKE);
            assertThat(added.notification().actor()).isEqualTo(friend.ref());
            assertThat(added.unread()).isEqualTo(1);
        });
        assertThat(stores.notifications().page(author.id(), Long.MAX_VALUE, 10))
                .as("stored with the like, exactly as the like announced it (its time as stored)")
                .containsExactly(first.notification().orElseThrow().notification());
        assertThat(liked(friendsOnly, friend, true))
                .as("liking twice changes nothing, and notifies nobody again")
                .hasValueSatisfying(l -> {
                    assertThat(l.likes()).isEqualTo(new Likes(1, true, false));
                    assertThat(l.notification()).isEmpty();
                });
        assertThat(liked(friendsOnly, author, true))
                .as("the author's own like notifies nobody")
                .hasValueSatisfying(l -> {
                    assertThat(l.likes().count()).isEqualTo(2);
                    assertThat(l.notification()).isEmpty();
                });
        assertThat(liked(open, stranger, true))
                .hasValueSatisfying(l -> assertThat(l.likes().count()).isEqualTo(1));
        assertThat(liked(friendsOnly, friend, false))
                .hasValueSatisfying(l -> assertThat(l.likes()).isEqualTo(new Likes(1, false, true)));
        assertThat(stores.notifications().page(author.id(), Long.MAX_VALUE, 10))
                .as("an unlike takes its notification back, in the same transaction")
                .extracting(n -> n.actor().id())
                .doesNotContain(friend.id());
        assertThat(stores.posts()
                        .likePostQueued(999_999, friend.id(), true, T)
                        .toCompletableFuture()
                        .get())
                .isEmpty();
    }

    @Test
    void aLikeAnnouncesTheAuthorsUnreadCountUpToItsCap() throws Exception {
        User author = stores.user();
        User ann = stores.user();
        Post post = stores.posts().create(author.id(), "for all", PostVisibility.PUBLIC, T);
        for (int i = 0; i < NotificationStore.UNREAD_MAX - 2; i++) {
            stores.notifications().add(author.id(), NotificationKind.FRIEND_REQUEST, ann.id(), null, null, T);
        }

        assertThat(liked(post, stores.user(), true).orElseThrow().notification())
                .hasValueSatisfying(added -> assertThat(added.unread()).isEqualTo(NotificationStore.UNREAD_MAX - 1));
        assertThat(liked(post, stores.user(), true).orElseThrow().notification())
                .hasValueSatisfying(added -> assertThat(added.unread()).isEqualTo(NotificationStore.UNREAD_MAX));
        assertThat(liked(post, stores.user(), true).orElseThrow().notification())
                .as("past the cap, the cap")
                .hasValueSatisfying(added -> assertThat(added.unread()).isEqualTo(NotificationStore.UNREAD_MAX));
    }

    @Test
    void likesQueuedTogetherLeaveAnExactCount() throws Exception {
        User author = stores.user();
        Post post = stores.posts().create(author.id(), "for all", PostVisibility.PUBLIC, T);
        List<User> likers = users(8);
        // queued at once, so a store that shares commits runs several in one transaction
        List<java.util.concurrent.CompletableFuture<java.util.Optional<PostStore.Liked>>> likes = likers.stream()
                .map(u -> stores.posts()
                        .likePostQueued(post.id(), u.id(), true, T)
                        .toCompletableFuture())
                .toList();
        for (var like : likes) {
            assertThat(like.get().orElseThrow().likes().count())
                    .as("a like's count includes itself, and no more likes than there are")
                    .isBetween(1, likers.size());
        }
        assertThat(stores.posts().find(post.id(), author.id()))
                .hasValueSatisfying(p -> assertThat(p.likeCount()).isEqualTo(likers.size()));

        assertThat(liked(post, likers.get(0), false))
                .hasValueSatisfying(l -> assertThat(l.likes()).isEqualTo(new Likes(likers.size() - 1, false, true)));
        assertThat(liked(post, likers.get(0), false))
                .as("unliking twice changes nothing")
                .hasValueSatisfying(l -> assertThat(l.likes()).isEqualTo(new Likes(likers.size() - 1, false, false)));
        assertThat(stores.notifications().page(author.id(), Long.MAX_VALUE, 20))
                .extracting(n -> n.actor().id())
                .hasSize(likers.size() - 1)
                .doesNotContain(likers.get(0).id());
    }

    private java.util.Optional<PostStore.Liked> liked(Post post, User user, boolean like) throws Exception {
        return stores.posts()
                .likePostQueued(post.id(), user.id(), like, T.plusNanos(1_234_567)) // finer than stored
                .toCompletableFuture()
                .get();
    }

    private List<User> users(int count) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(stores.user());
        }
        return users;
    }
}
