package dev.parley.server.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Friends, profiles, posts, comments, likes and notifications over REST, and who may see what. */
class SocialApiTest extends ApiTest {

    private void befriend(TestUser a, TestUser b) {
        post(a, "/api/v1/friends/requests", Map.of("userId", b.id()), 200);
        post(b, "/api/v1/friends/requests/" + a.id() + "/accept", null, 200);
    }

    private long post(TestUser author, String text, String visibility) {
        return num(post(author, "/api/v1/posts", Map.of("text", text, "visibility", visibility), 201)
                .get("id"));
    }

    private String relation(TestUser viewer, TestUser other) {
        return (String) get(viewer, "/api/v1/users/" + other.id() + "/profile").get("relation");
    }

    @Test
    void friendsAskAcceptListAndRemoveWithTheRules() {
        TestUser ann = register("fr");
        TestUser bob = register("fr");
        TestUser cid = register("fr");

        problem(ann, HttpMethod.POST, "/api/v1/friends/requests", Map.of("userId", ann.id()), 400, "friend_self");
        problem(ann, HttpMethod.POST, "/api/v1/friends/requests", Map.of("userId", 999_999_999), 404, "user_not_found");
        problem(ann, HttpMethod.POST, "/api/v1/friends/requests", Map.of(), 400, "missing_field");

        assertThat(post(ann, "/api/v1/friends/requests", Map.of("userId", bob.id()), 200))
                .containsEntry("relation", "request_sent");
        assertThat(post(ann, "/api/v1/friends/requests", Map.of("userId", bob.id()), 200))
                .as("asking twice changes nothing")
                .containsEntry("relation", "request_sent");
        assertThat(relation(bob, ann)).isEqualTo("request_received");
        assertThat(items(get(bob, "/api/v1/friends/requests/incoming")))
                .extracting(r -> num(map(r.get("user")).get("id")))
                .containsExactly(ann.id());
        assertThat(items(get(ann, "/api/v1/friends/requests/outgoing"))).hasSize(1);

        // bob asking ann back accepts her request
        assertThat(post(bob, "/api/v1/friends/requests", Map.of("userId", ann.id()), 200))
                .containsEntry("relation", "friends");
        assertThat(relation(ann, bob)).isEqualTo("friends");
        assertThat(get(ann, "/api/v1/users/" + ann.id() + "/profile"))
                .containsEntry("relation", "self")
                .containsEntry("friendCount", 1);
        assertThat(items(get(ann, "/api/v1/friends")))
                .extracting(u -> u.get("username"))
                .containsExactly(bob.username());
        assertThat(items(get(ann, "/api/v1/friends?q=" + cid.username()))).isEmpty();
        assertThat(items(get(ann, "/api/v1/friends?online=true")))
                .as("bob has no socket open")
                .isEmpty();
        problem(ann, HttpMethod.GET, "/api/v1/friends?online=true&limit=-63", null, 400, "invalid_limit");
        problem(ann, HttpMethod.GET, "/api/v1/friends?online=true&limit=101", null, 400, "invalid_limit");
        problem(ann, HttpMethod.GET, "/api/v1/friends?limit=0", null, 400, "invalid_limit");

        post(cid, "/api/v1/friends/requests", Map.of("userId", ann.id()), 200);
        call(ann, HttpMethod.POST, "/api/v1/friends/requests/" + cid.id() + "/decline", null, 204);
        problem(
                ann,
                HttpMethod.POST,
                "/api/v1/friends/requests/" + cid.id() + "/accept",
                null,
                404,
                "request_not_found");
        post(cid, "/api/v1/friends/requests", Map.of("userId", ann.id()), 200);
        call(cid, HttpMethod.DELETE, "/api/v1/friends/requests/" + ann.id(), null, 204);
        assertThat(relation(ann, cid)).isEqualTo("none");

        call(bob, HttpMethod.DELETE, "/api/v1/friends/" + ann.id(), null, 204);
        assertThat(relation(ann, bob)).as("removing is mutual").isEqualTo("none");
        problem(ann, HttpMethod.DELETE, "/api/v1/friends/" + bob.id(), null, 404, "not_friends");
    }

    @Test
    void theProfileHoldsABioOfAtMost500Characters() {
        TestUser ann = register("bio");
        TestUser bob = register("bio");
        call(ann, HttpMethod.PATCH, "/api/v1/me", Map.of("bio", "  Hiker, reader.  "), 200);
        Map<String, Object> profile = get(bob, "/api/v1/users/" + ann.id() + "/profile");
        assertThat(profile).containsEntry("bio", "Hiker, reader.").containsEntry("relation", "none");
        assertThat(map(profile.get("user"))).containsEntry("username", ann.username());
        problem(ann, HttpMethod.PATCH, "/api/v1/me", Map.of("bio", "x".repeat(501)), 400, "invalid_bio");
        assertThat(call(ann, HttpMethod.PATCH, "/api/v1/me", Map.of("displayName", "Ann A"), 200))
                .containsEntry("displayName", "Ann A");
        assertThat(get(ann, "/api/v1/users/" + ann.id() + "/profile")).containsEntry("bio", "Hiker, reader.");
        problem(ann, HttpMethod.GET, "/api/v1/users/999999999/profile", null, 404, "user_not_found");
    }

    /** Every post endpoint as the author, a friend, a stranger and nobody, for a friends-only post. */
    @Test
    void aFriendsOnlyPostIsForTheAuthorAndFriendsOnly() {
        TestUser author = register("vis");
        TestUser friend = register("vis");
        TestUser stranger = register("vis");
        befriend(author, friend);
        long post = post(author, "for friends", "friends");
        long comment = num(post(friend, "/api/v1/posts/" + post + "/comments", Map.of("text", "nice"), 201)
                .get("id"));
        String p = "/api/v1/posts/" + post;
        String c = p + "/comments/" + comment;

        for (TestUser allowed : List.of(author, friend)) {
            assertThat(get(allowed, p)).containsEntry("text", "for friends").containsEntry("commentCount", 1);
            assertThat(items(get(allowed, p + "/comments"))).hasSize(1);
            call(allowed, HttpMethod.PUT, p + "/like", null, 200);
            call(allowed, HttpMethod.PUT, c + "/like", null, 200);
            assertThat(items(get(allowed, "/api/v1/users/" + author.id() + "/posts")))
                    .hasSize(1);
        }
        assertThat(get(author, p)).containsEntry("likeCount", 2).containsEntry("likedByMe", true);
        assertThat(items(get(friend, "/api/v1/notifications")))
                .as("the comment's author is told of the like on it")
                .extracting(n -> n.get("kind"))
                .contains("comment_like");
        for (TestUser allowed : List.of(author, friend)) {
            call(allowed, HttpMethod.DELETE, p + "/like", null, 200);
            call(allowed, HttpMethod.DELETE, p + "/like", null, 200); // again: nothing changes
            call(allowed, HttpMethod.DELETE, c + "/like", null, 200);
        }
        assertThat(get(friend, p)).containsEntry("likeCount", 0).containsEntry("likedByMe", false);
        assertThat(items(get(author, p + "/comments")).get(0)).containsEntry("likeCount", 0);
        for (var check : List.<Object[]>of(
                new Object[] {HttpMethod.GET, p, null},
                new Object[] {HttpMethod.DELETE, p, null},
                new Object[] {HttpMethod.GET, p + "/comments", null},
                new Object[] {HttpMethod.POST, p + "/comments", Map.of("text", "let me in")},
                new Object[] {HttpMethod.DELETE, c, null},
                new Object[] {HttpMethod.PUT, p + "/like", null},
                new Object[] {HttpMethod.DELETE, p + "/like", null},
                new Object[] {HttpMethod.PUT, c + "/like", null},
                new Object[] {HttpMethod.DELETE, c + "/like", null})) {
            problem(stranger, (HttpMethod) check[0], (String) check[1], check[2], 404, "post_not_found");
            problem(null, (HttpMethod) check[0], (String) check[1], check[2], 401, "unauthenticated");
        }
        assertThat(items(get(stranger, "/api/v1/users/" + author.id() + "/posts")))
                .isEmpty();
        assertThat(items(get(stranger, "/api/v1/feed"))).isEmpty();
        problem(null, HttpMethod.GET, "/api/v1/feed", null, 401, "unauthenticated");

        // only the author deletes a post; a comment goes by its author or the post's
        problem(friend, HttpMethod.DELETE, p, null, 403, "not_the_author");
        long other = num(post(author, "/api/v1/posts/" + post + "/comments", Map.of("text", "mine"), 201)
                .get("id"));
        problem(friend, HttpMethod.DELETE, p + "/comments/" + other, null, 403, "not_the_author");
        call(author, HttpMethod.DELETE, c, null, 204);
        call(author, HttpMethod.DELETE, p, null, 204);
        problem(author, HttpMethod.GET, p, null, 404, "post_not_found");
    }

    /** Every route of the people side, without a token: nothing is shown or changed. */
    @Test
    void nobodyWithoutATokenReachesAnyOfIt() {
        TestUser ann = register("anon");
        call(ann, HttpMethod.PATCH, "/api/v1/me", Map.of("bio", "mine"), 200);
        long post = post(ann, "public, yet not for nobody", "public");
        long comment = num(post(ann, "/api/v1/posts/" + post + "/comments", Map.of("text", "first"), 201)
                .get("id"));
        String p = "/api/v1/posts/" + post;
        String c = p + "/comments/" + comment;
        Map<String, Object> someone = Map.of("userId", ann.id());
        for (var route : List.<Object[]>of(
                new Object[] {HttpMethod.GET, "/api/v1/me", null},
                new Object[] {HttpMethod.PATCH, "/api/v1/me", Map.of("bio", "not mine")},
                new Object[] {HttpMethod.DELETE, "/api/v1/me/avatar", null},
                new Object[] {HttpMethod.GET, "/api/v1/users/" + ann.id() + "/profile", null},
                new Object[] {HttpMethod.GET, "/api/v1/friends", null},
                new Object[] {HttpMethod.GET, "/api/v1/friends?online=true", null},
                new Object[] {HttpMethod.GET, "/api/v1/friends/requests/incoming", null},
                new Object[] {HttpMethod.GET, "/api/v1/friends/requests/outgoing", null},
                new Object[] {HttpMethod.POST, "/api/v1/friends/requests", someone},
                new Object[] {HttpMethod.DELETE, "/api/v1/friends/requests/" + ann.id(), null},
                new Object[] {HttpMethod.POST, "/api/v1/friends/requests/" + ann.id() + "/accept", null},
                new Object[] {HttpMethod.POST, "/api/v1/friends/requests/" + ann.id() + "/decline", null},
                new Object[] {HttpMethod.DELETE, "/api/v1/friends/" + ann.id(), null},
                new Object[] {HttpMethod.POST, "/api/v1/posts", Map.of("text", "by nobody")},
                new Object[] {HttpMethod.GET, "/api/v1/feed", null},
                new Object[] {HttpMethod.GET, "/api/v1/users/" + ann.id() + "/posts", null},
                new Object[] {HttpMethod.GET, p, null},
                new Object[] {HttpMethod.DELETE, p, null},
                new Object[] {HttpMethod.GET, p + "/comments", null},
                new Object[] {HttpMethod.POST, p + "/comments", Map.of("text", "by nobody")},
                new Object[] {HttpMethod.DELETE, c, null},
                new Object[] {HttpMethod.PUT, p + "/like", null},
                new Object[] {HttpMethod.DELETE, p + "/like", null},
                new Object[] {HttpMethod.PUT, c + "/like", null},
                new Object[] {HttpMethod.DELETE, c + "/like", null},
                new Object[] {HttpMethod.GET, "/api/v1/notifications", null},
                new Object[] {HttpMethod.GET, "/api/v1/notifications/unread", null},
                new Object[] {HttpMethod.POST, "/api/v1/notifications/read", Map.of()})) {
            problem(null, (HttpMethod) route[0], (String) route[1], route[2], 401, "unauthenticated");
        }
        assertThat(get(ann, p))
                .containsEntry("commentCount", 1)
                .containsEntry("likeCount", 0)
                .containsEntry("text", "public, yet not for nobody");
        assertThat(items(get(ann, "/api/v1/friends/requests/incoming"))).isEmpty();
        assertThat(get(ann, "/api/v1/users/" + ann.id() + "/profile")).containsEntry("bio", "mine");
    }

    @Test
    void aPublicPostIsForEveryUser() {
        TestUser author = register("pub");
        TestUser stranger = register("pub");
        long post = post(author, "hello world", "public");
        assertThat(get(stranger, "/api/v1/posts/" + post)).containsEntry("visibility", "public");
        post(stranger, "/api/v1/posts/" + post + "/comments", Map.of("text", "hi"), 201);
        call(stranger, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200);
        assertThat(items(get(stranger, "/api/v1/users/" + author.id() + "/posts")))
                .hasSize(1);
        assertThat(items(get(stranger, "/api/v1/feed")))
                .as("the feed is friends and me only")
                .isEmpty();
    }

    @Test
    void theFeedIsNewestFirstWithAStableCursor() {
        TestUser me = register("feed");
        TestUser friend = register("feed");
        befriend(me, friend);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(i % 2 == 0 ? me : friend, "post " + i, "friends"));
        }
        Map<String, Object> first = get(me, "/api/v1/feed?limit=2");
        assertThat(items(first)).extracting(m -> m.get("text")).containsExactly("post 4", "post 3");
        assertThat(first).containsEntry("hasMore", true);
        post(friend, "newer", "friends");
        long last = num(items(first).get(1).get("id"));
        Map<String, Object> second = get(me, "/api/v1/feed?limit=2&before=" + last);
        assertThat(items(second)).extracting(m -> m.get("text")).containsExactly("post 2", "post 1");
        Map<String, Object> third = get(
                me, "/api/v1/feed?limit=2&before=" + num(items(second).get(1).get("id")));
        assertThat(items(third)).extracting(m -> m.get("text")).containsExactly("post 0");
        assertThat(third).containsEntry("hasMore", false);
        problem(me, HttpMethod.GET, "/api/v1/feed?limit=101", null, 400, "invalid_limit");
        problem(me, HttpMethod.GET, "/api/v1/feed?limit=0", null, 400, "invalid_limit");
    }

    @Test
    void badInputGetsAClearError() {
        TestUser me = register("bad");
        problem(me, HttpMethod.POST, "/api/v1/posts", Map.of("text", " "), 400, "empty_text");
        problem(me, HttpMethod.POST, "/api/v1/posts", Map.of("text", "x".repeat(10_001)), 400, "text_too_long");
        problem(
                me,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "x", "visibility", "secret"),
                400,
                "invalid_visibility");
        long post = post(me, "x".repeat(10_000), "friends");
        String comments = "/api/v1/posts/" + post + "/comments";
        problem(me, HttpMethod.POST, comments, Map.of("text", "x".repeat(2_001)), 400, "text_too_long");
        long elsewhere =
                num(post(me, "/api/v1/posts/" + post(me, "other", "friends") + "/comments", Map.of("text", "c"), 201)
                        .get("id"));
        problem(me, HttpMethod.POST, comments, Map.of("text", "re", "replyTo", elsewhere), 400, "invalid_reply");
        problem(me, HttpMethod.GET, comments + "?limit=500", null, 400, "invalid_limit");
        problem(me, HttpMethod.PUT, comments + "/999999999/like", null, 404, "comment_not_found");
    }

    @Test
    void concurrentLikesFromManyUsersCountExactly() throws Exception {
        TestUser author = register("likes");
        long post = post(author, "like me", "public");
        List<TestUser> fans = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fans.add(register("fan"));
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (TestUser fan : fans) {
                for (int i = 0; i < 3; i++) {
                    Callable<Map<String, Object>> like =
                            () -> call(fan, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200);
                    answers.add(pool.submit(like));
                }
            }
            for (Future<Map<String, Object>> answer : answers) {
                assertThat(answer.get()).containsEntry("likedByMe", true);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(get(author, "/api/v1/posts/" + post)).containsEntry("likeCount", 30);
        call(fans.get(0), HttpMethod.DELETE, "/api/v1/posts/" + post + "/like", null, 200);
        call(fans.get(0), HttpMethod.DELETE, "/api/v1/posts/" + post + "/like", null, 200);
        assertThat(get(author, "/api/v1/posts/" + post)).containsEntry("likeCount", 29);
    }

    @Test
    void notificationsAreStoredGroupedAndMarkedRead() {
        TestUser author = register("note");
        TestUser ann = register("note");
        TestUser bob = register("note");
        befriend(ann, author); // ann asked: author gets friend_request; ann gets friend_accepted
        long post = post(author, "news", "public");
        call(ann, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200);
        call(bob, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200);
        long comment = num(post(ann, "/api/v1/posts/" + post + "/comments", Map.of("text", "great"), 201)
                .get("id"));
        post(bob, "/api/v1/posts/" + post + "/comments", Map.of("text", "agreed", "replyTo", comment), 201);
        call(author, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200); // my own like: nothing

        Map<String, Object> feed = get(author, "/api/v1/notifications");
        List<Map<String, Object>> items = items(feed);
        assertThat(items)
                .extracting(n -> n.get("kind"))
                .containsExactly("post_comment", "post_comment", "post_like", "friend_request");
        Map<String, Object> likes = items.get(2);
        assertThat(likes).containsEntry("actorCount", 2).containsEntry("postId", (int) post);
        assertThat((List<?>) likes.get("actors")).hasSize(2);
        assertThat(feed).containsEntry("unread", 5);
        assertThat(items(get(ann, "/api/v1/notifications")))
                .extracting(n -> n.get("kind"))
                .containsExactly("comment_reply", "friend_accepted");

        call(bob, HttpMethod.DELETE, "/api/v1/posts/" + post + "/like", null, 200);
        assertThat(items(get(author, "/api/v1/notifications")).get(2))
                .as("an unlike takes its like back")
                .containsEntry("actorCount", 1);
        assertThat(post(
                        author,
                        "/api/v1/notifications/read",
                        Map.of("upTo", num(items.get(1).get("id"))),
                        200))
                .containsEntry("unread", 1);
        assertThat(post(author, "/api/v1/notifications/read", null, 200)).containsEntry("unread", 0);
        assertThat(get(author, "/api/v1/notifications/unread")).containsEntry("unread", 0);
        problem(null, HttpMethod.GET, "/api/v1/notifications", null, 401, "unauthenticated");
        Map<String, Object> none = new HashMap<>(get(bob, "/api/v1/notifications"));
        assertThat(items(none)).isEmpty();
    }
}
