package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Reactions over REST and the socket: live, replayed on resume in order, and who may react. */
class ReactionsTest extends ApiTest {

    private static String reactions(long chat, long message, String emoji) {
        return "/api/v1/chats/" + chat + "/messages/" + message + "/reactions/" + emoji;
    }

    @Test
    void reactionsAreIdempotentCountedShownInHistoryAndDeliveredLive() {
        TestUser alice = register("react");
        TestUser bob = register("react");
        long chat = direct(alice, bob);
        long message = num(send(alice, chat, "pizza tonight?").get("id"));

        try (WsClient aliceLive = WsClient.live(port, alice.accessToken(), Map.of(chat, 1L))) {
            Map<String, Object> added = call(bob, HttpMethod.PUT, reactions(chat, message, "🍕"), null, 200);
            Map<String, Object> again = call(bob, HttpMethod.PUT, reactions(chat, message, "🍕"), null, 200);

            assertThat(added)
                    .containsEntry("count", 1)
                    .containsEntry("mine", true)
                    .containsEntry("seq", 2);
            assertThat(again).containsEntry("count", 1).doesNotContainKey("seq");
            Map<String, Object> frame = aliceLive.await("reaction_added");
            assertThat(frame)
                    .containsEntry("chatId", (int) chat)
                    .containsEntry("seq", 2)
                    .containsEntry("actorId", (int) bob.id())
                    .containsEntry("messageId", (int) message)
                    .containsEntry("emoji", "🍕")
                    .containsEntry("count", 1);

            aliceLive.send(Map.of(
                    "type", "react", "id", "r1", "chatId", chat, "messageId", message, "emoji", "🍕", "add", true));
            // the event and the ack leave on different paths: either may come first
            List<Map<String, Object>> before = new ArrayList<>();
            Map<String, Object> ack = aliceLive.awaitMatching(f -> "ack".equals(f.get("type")), before);
            assertThat(ack).containsEntry("id", "r1").containsEntry("seq", 3);
            Map<String, Object> own = before.isEmpty() ? aliceLive.await("reaction_added") : before.get(0);
            assertThat(own).containsEntry("type", "reaction_added").containsEntry("count", 2);
            aliceLive.send(Map.of(
                    "type", "react", "id", "r2", "chatId", chat, "messageId", message, "emoji", "🍕", "add", true));
            assertThat(aliceLive.await("ack"))
                    .containsEntry("id", "r2")
                    .containsEntry("duplicate", true)
                    .doesNotContainKey("seq");

            Map<String, Object> shown =
                    items(get(alice, "/api/v1/chats/" + chat + "/messages")).get(0);
            assertThat(shown.get("reactions")).isEqualTo(List.of(Map.of("emoji", "🍕", "count", 2, "mine", true)));
            assertThat(get(bob, "/api/v1/chats/" + chat + "/messages/" + message)
                            .get("reactions"))
                    .isEqualTo(List.of(Map.of("emoji", "🍕", "count", 2, "mine", true)));

            Map<String, Object> removed = call(bob, HttpMethod.DELETE, reactions(chat, message, "🍕"), null, 200);
            assertThat(removed)
                    .containsEntry("count", 1)
                    .containsEntry("mine", false)
                    .containsEntry("seq", 4);
            assertThat(aliceLive.await("reaction_removed"))
                    .containsEntry("seq", 4)
                    .containsEntry("count", 1)
                    .containsEntry("actorId", (int) bob.id());
            assertThat(call(bob, HttpMethod.DELETE, reactions(chat, message, "🍕"), null, 200))
                    .doesNotContainKey("seq");
        }
    }

    @Test
    void resumeReplaysReactionsInOrderAmongMessages() {
        TestUser alice = register("replay");
        TestUser bob = register("replay");
        long chat = direct(alice, bob);
        long message = num(send(alice, chat, "vote").get("id"));

        call(bob, HttpMethod.PUT, reactions(chat, message, "👍"), null, 200);
        call(bob, HttpMethod.PUT, reactions(chat, message, "🎉"), null, 200);
        send(bob, chat, "done");
        call(bob, HttpMethod.DELETE, reactions(chat, message, "👍"), null, 200);

        try (WsClient resumed = WsClient.live(port, alice.accessToken(), Map.of(chat, 1L))) {
            List<Map<String, Object>> replayed = new ArrayList<>();
            while (replayed.size() < 4) {
                Map<String, Object> frame = resumed.next();
                if (frame.containsKey("seq") && !"ack".equals(frame.get("type"))) {
                    replayed.add(frame);
                }
            }
            assertThat(replayed)
                    .extracting(f -> f.get("type") + " " + f.get("seq") + " " + f.getOrDefault("emoji", "") + " "
                            + f.getOrDefault("count", ""))
                    .containsExactly(
                            "reaction_added 2 👍 1",
                            "reaction_added 3 🎉 1",
                            "message_created 4  ",
                            "reaction_removed 5 👍 0");
        }
    }

    @Test
    void whoMayReactAndWhatIsRefused() {
        TestUser owner = register("rules");
        TestUser member = register("rules");
        TestUser stranger = register("rules");
        long secret = createGroup(owner, "Secret", "private", List.of(member.id()));
        long open = createGroup(owner, "Open", "public", List.of(member.id()));
        long inSecret = num(send(owner, secret, "private words").get("id"));
        long inOpen = num(send(owner, open, "public words").get("id"));

        problem(stranger, HttpMethod.PUT, reactions(secret, inSecret, "👍"), null, 404, "chat_not_found");
        problem(stranger, HttpMethod.PUT, reactions(open, inOpen, "👍"), null, 403, "not_a_member");
        problem(null, HttpMethod.PUT, reactions(open, inOpen, "👍"), null, 401, "unauthenticated");
        problem(member, HttpMethod.PUT, reactions(open, 999_999_999, "👍"), null, 404, "message_not_found");
        problem(member, HttpMethod.PUT, reactions(open, inSecret, "👍"), null, 404, "message_not_found");
        for (String notOne : List.of("a", "👍 👍", "12", "<script>", "👍".repeat(17))) {
            problem(member, HttpMethod.PUT, reactions(open, inOpen, notOne), null, 400, "invalid_emoji");
        }
        for (String fine : List.of("❤️", "👍🏽", "👨‍👩‍👧", "1️⃣", "🇫🇷")) {
            assertThat(call(member, HttpMethod.PUT, reactions(open, inOpen, fine), null, 200))
                    .as(fine)
                    .containsEntry("count", 1);
        }

        long full = num(send(owner, open, "react to me").get("id"));
        for (int i = 0; i < 20; i++) {
            call(member, HttpMethod.PUT, reactions(open, full, new String(Character.toChars(0x1F600 + i))), null, 200);
        }
        problem(owner, HttpMethod.PUT, reactions(open, full, "🚀"), null, 409, "too_many_reactions");
        assertThat(call(owner, HttpMethod.PUT, reactions(open, full, "😀"), null, 200))
                .containsEntry("count", 2);

        call(owner, HttpMethod.DELETE, "/api/v1/chats/" + open + "/messages/" + full, null, 204);
        problem(owner, HttpMethod.PUT, reactions(open, full, "😀"), null, 409, "message_deleted");
        assertThat(get(owner, "/api/v1/chats/" + open + "/messages/" + full).get("reactions"))
                .as("a deleted message's reactions are erased with it")
                .isEqualTo(List.of());
    }
}
