package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import dev.parley.core.social.FriendCaps;
import dev.parley.core.social.FriendService;
import dev.parley.core.social.FriendStore;
import dev.parley.server.api.ApiTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/** Notifications arrive at once over the socket, on every device, and wait in the feed for whoever was away. */
class NotificationLiveTest extends ApiTest {

    @Autowired
    private UserStore userStore;

    @Autowired
    private FriendStore friendStore;

    @Test
    void aFriendRequestAndItsAcceptanceArriveLiveAndStayInTheFeed() {
        TestUser ann = register("live");
        TestUser bob = register("live");
        try (WsClient annPhone = WsClient.live(port, ann.accessToken(), Map.of());
                WsClient annLaptop = WsClient.live(port, ann.accessToken(), Map.of())) {
            post(bob, "/api/v1/friends/requests", Map.of("userId", ann.id()), 200);
            for (WsClient device : List.of(annPhone, annLaptop)) {
                Map<String, Object> frame = device.await("notification");
                assertThat(frame).containsEntry("unread", 1);
                Map<String, Object> notification = map(frame.get("notification"));
                assertThat(notification).containsEntry("kind", "friend_request").containsEntry("actorCount", 1);
                assertThat(map(((List<?>) notification.get("actors")).get(0)))
                        .containsEntry("username", bob.username());
            }
        }
        // bob was away when ann accepted: the feed has it
        post(ann, "/api/v1/friends/requests/" + bob.id() + "/accept", null, 200);
        assertThat(items(get(bob, "/api/v1/notifications")))
                .extracting(n -> n.get("kind"))
                .containsExactly("friend_accepted");
        try (WsClient bobSocket = WsClient.live(port, bob.accessToken(), Map.of())) {
            long post = num(post(bob, "/api/v1/posts", Map.of("text", "hello friends"), 201)
                    .get("id"));
            call(ann, HttpMethod.PUT, "/api/v1/posts/" + post + "/like", null, 200);
            Map<String, Object> frame = bobSocket.await("notification");
            assertThat(map(frame.get("notification")))
                    .containsEntry("kind", "post_like")
                    .containsEntry("postId", (int) post);
            assertThat(frame).containsEntry("unread", 2);
        }
    }

    @Test
    void friendsOnlineAreThoseWithASocketOpenAndAnAcceptanceArrivesLive() {
        TestUser ann = register("online");
        TestUser bob = register("online");
        TestUser cid = register("online");
        try (WsClient annSocket = WsClient.live(port, ann.accessToken(), Map.of())) {
            post(ann, "/api/v1/friends/requests", Map.of("userId", bob.id()), 200);
            post(ann, "/api/v1/friends/requests", Map.of("userId", cid.id()), 200);
            post(bob, "/api/v1/friends/requests/" + ann.id() + "/accept", null, 200);
            Map<String, Object> frame = annSocket.await("notification");
            assertThat(map(frame.get("notification"))).containsEntry("kind", "friend_accepted");
            post(cid, "/api/v1/friends/requests/" + ann.id() + "/accept", null, 200);
            annSocket.await("notification");
        }
        try (WsClient bobSocket = WsClient.live(port, bob.accessToken(), Map.of())) {
            // live() waited for "resumed": by then the connection is registered, so bob is online
            assertThat(items(get(ann, "/api/v1/friends?online=true")))
                    .extracting(u -> u.get("username"))
                    .containsExactly(bob.username());
            assertThat(items(get(ann, "/api/v1/friends")))
                    .extracting(u -> u.get("username"))
                    .containsExactlyInAnyOrder(bob.username(), cid.username());
        }
    }

    @Test
    void friendsOnlineArePagedPastTheFirstHundredFriends() {
        TestUser ann = register("many");
        long annId = ann.id();
        // more friends than one window of the online scan, all offline, made in the store directly
        for (int i = 0; i < FriendService.PAGE_MAX + 20; i++) {
            User friend =
                    userStore.create(uniqueName("many"), "Offline friend", "x").orElseThrow();
            friendStore.request(annId, friend.id(), Instant.now(), new FriendCaps(5000, 1000));
            friendStore.accept(friend.id(), annId, Instant.now(), 5000);
        }
        TestUser bob = register("many");
        TestUser cid = register("many");
        for (TestUser friend : List.of(bob, cid)) {
            post(ann, "/api/v1/friends/requests", Map.of("userId", friend.id()), 200);
            post(friend, "/api/v1/friends/requests/" + annId + "/accept", null, 200);
        }
        try (WsClient bobSocket = WsClient.live(port, bob.accessToken(), Map.of());
                WsClient cidSocket = WsClient.live(port, cid.accessToken(), Map.of())) {
            Map<String, Object> first = get(ann, "/api/v1/friends?online=true&limit=1");
            assertThat(items(first)).extracting(u -> u.get("username")).containsExactly(bob.username());
            assertThat(first).containsEntry("hasMore", true);
            Map<String, Object> second = get(ann, "/api/v1/friends?online=true&limit=1&after=" + bob.id());
            assertThat(items(second)).extracting(u -> u.get("username")).containsExactly(cid.username());
            assertThat(second).containsEntry("hasMore", false);
            assertThat(items(get(ann, "/api/v1/friends?online=true")))
                    .extracting(u -> u.get("username"))
                    .containsExactly(bob.username(), cid.username());
        }
    }
}
