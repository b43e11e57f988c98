package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "@bob" in a chat message notifies bob, live and in his feed, when he is in the chat; nobody
 * outside the chat learns of it, a retried send does not notify twice, and an address is no mention.
 */
class MentionNotificationTest extends ApiTest {

    @Test
    void aMemberMentionedByNameIsNotifiedOnceAndAStrangerNever() {
        TestUser ann = register("men");
        TestUser bob = register("men");
        TestUser carol = register("men");
        long chat = createGroup(ann, "plans", "private", List.of(bob.id()));
        try (WsClient bobSocket = WsClient.live(port, bob.accessToken(), Map.of())) {
            String text = "lunch? @" + bob.username().toUpperCase() + " and @" + carol.username() + ", mail "
                    + bob.username() + "@example.org";
            Map<String, Object> body = Map.of("text", text, "clientMsgId", "lunch-1");
            Map<String, Object> sent = post(ann, "/api/v1/chats/" + chat + "/messages", body, 201);
            Map<String, Object> frame = bobSocket.await("notification");
            Map<String, Object> notification = map(frame.get("notification"));
            assertThat(notification).containsEntry("kind", "mention");
            assertThat(map(notification.get("message")))
                    .containsEntry("chatId", (int) chat)
                    .containsEntry("messageId", (int) num(sent.get("id")))
                    .containsEntry("seq", (int) num(sent.get("seq")));
            assertThat(map(((List<?>) notification.get("actors")).get(0))).containsEntry("username", ann.username());

            post(ann, "/api/v1/chats/" + chat + "/messages", body, 200); // a retry: the same message
            send(ann, chat, "no one named here");
            send(ann, chat, "@" + bob.username() + ". again");
            // mentions are handled one message at a time, in order: once this one arrived, the
            // retry and the mention of carol were handled too
            assertThat(map(bobSocket.await("notification").get("notification"))).containsEntry("kind", "mention");
        }
        assertThat(items(get(bob, "/api/v1/notifications")))
                .extracting(n -> n.get("kind"))
                .containsExactly("mention", "mention");
        assertThat(items(get(carol, "/api/v1/notifications")))
                .as("carol is not in the chat: she learns nothing of it")
                .isEmpty();
        assertThat(items(get(ann, "/api/v1/notifications"))).isEmpty();
    }
}
