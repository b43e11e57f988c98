package dev.parley.core.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
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
        stores.friends().request(a.id(), b.id(), T);
        stores.friends().accept(b.id(), a.id(), T);
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
    void likesAreIdempotentAndSayWhoLikes() {
        User author = stores.user();
        User fan = stores.user();
        Post post = stores.posts().create(author.id(), "post", PostVisibility.PUBLIC, T);

        assertThat(stores.posts().likePost(post.id(), fan.id(), true, T)).isEqualTo(new Likes(1, true, true));
        assertThat(stores.posts().likePost(post.id(), fan.id(), true, T)).isEqualTo(new Likes(1, true, false));
        assertThat(stores.posts().find(post.id(), fan.id()).orElseThrow().likedByMe())
                .isTrue();
        assertThat(stores.posts().find(post.id(), author.id()).orElseThrow().likedByMe())
                .isFalse();
        assertThat(stores.posts().likePost(post.id(), fan.id(), false, T)).isEqualTo(new Likes(0, false, true));
        assertThat(stores.posts().likePost(post.id(), fan.id(), false, T)).isEqualTo(new Likes(0, false, false));
    }

    @Test
    void concurrentLikesAndUnlikesLeaveAnExactCount() throws Exception {
        User author = stores.user();
        Post post = stores.posts().create(author.id(), "popular", PostVisibility.PUBLIC, T);
        List<User> fans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fans.add(stores.user());
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (User fan : fans) {
                for (int round = 0; round < 5; round++) {
                    boolean like = round % 2 == 0; // like, unlike, like, unlike, like: ends liked
                    work.add(pool.submit(() -> {
                        start.await();
                        return stores.posts().likePost(post.id(), fan.id(), like, T);
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
}
