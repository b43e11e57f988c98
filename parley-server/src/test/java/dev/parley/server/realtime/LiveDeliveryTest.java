package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class LiveDeliveryTest extends ApiTest {

    private static long seq(Map<String, Object> frame) {
        return num(frame.get("seq"));
    }

    @Test
    void twoUsersChatLiveAndTheAckComesOnceTheMessageIsStored() {
        TestUser alice = register("wsa");
        TestUser bob = register("wsb");
        long chat = direct(alice, bob);
        try (WsClient a = WsClient.live(port, alice.accessToken(), Map.of());
                WsClient b = WsClient.live(port, bob.accessToken(), Map.of())) {
            a.send(Map.of("type", "send", "id", "s1", "chatId", chat, "text", "hi bob", "clientMsgId", "ws-1"));

            Map<String, Object> ack = a.await("ack");
            assertThat(ack).containsEntry("id", "s1").containsEntry("seq", 1).containsEntry("duplicate", false);
            assertThat(items(get(alice, "/api/v1/chats/" + chat + "/messages")))
                    .extracting(m -> m.get("id"))
                    .containsExactly(ack.get("messageId"));
            Map<String, Object> received = b.await("message_created");
            assertThat(received).containsEntry("chatId", (int) chat).containsEntry("seq", 1);
            assertThat(map(received.get("message"))).containsEntry("text", "hi bob");

            send(bob, chat, "hi alice");
            // alice's own message_created of seq 1 may come just after her ack (protocol.md): skipped
            Map<String, Object> toAlice = a.awaitMatching(
                    f -> "message_created".equals(f.get("type"))
                            && Integer.valueOf(2).equals(f.get("seq")),
                    new ArrayList<>());
            assertThat(map(toAlice.get("message"))).containsEntry("text", "hi alice");

            a.send(Map.of("type", "send", "id", "s2", "chatId", chat, "text", "hi bob", "clientMsgId", "ws-1"));
            assertThat(a.await("ack"))
                    .containsEntry("id", "s2")
                    .containsEntry("duplicate", true)
                    .containsEntry("seq", 1);
        }
    }

    @Test
    void sendsSentBackToBackAreStoredAndAckedInTheOrderSent() {
        TestUser alice = register("pipe");
        TestUser bob = register("pipe");
        long chat = direct(alice, bob);
        try (WsClient a = WsClient.live(port, alice.accessToken(), Map.of());
                WsClient b = WsClient.live(port, bob.accessToken(), Map.of())) {
            for (int i = 1; i <= 30; i++) { // more than max-pending-sends (8) wait for their commit
                a.send(Map.of("type", "send", "id", "s" + i, "chatId", chat, "text", "m" + i, "clientMsgId", "p-" + i));
            }

            List<Map<String, Object>> acks = new ArrayList<>();
            while (acks.size() < 30) {
                acks.add(a.awaitMatching(f -> "ack".equals(f.get("type")), new ArrayList<>()));
            }
            for (int i = 1; i <= 30; i++) {
                assertThat(acks.get(i - 1)).containsEntry("id", "s" + i).containsEntry("seq", i);
                Map<String, Object> received = b.await("message_created");
                assertThat(seq(received)).isEqualTo(i);
                assertThat(map(received.get("message"))).containsEntry("text", "m" + i);
            }
        }
    }

    @Test
    void aSendCutOffByADroppedConnectionIsSafeToRepeat() {
        TestUser alice = register("drop");
        TestUser bob = register("drop");
        long chat = direct(alice, bob);
        WsClient a = WsClient.live(port, alice.accessToken(), Map.of());
        a.send(Map.of("type", "send", "id", "s1", "chatId", chat, "text", "did it arrive?", "clientMsgId", "cut-1"));
        a.close(); // gone before reading any ack

        try (WsClient again = WsClient.live(port, alice.accessToken(), Map.of())) {
            again.send(Map.of(
                    "type", "send", "id", "s2", "chatId", chat, "text", "did it arrive?", "clientMsgId", "cut-1"));
            Map<String, Object> ack = again.await("ack");
            assertThat(ack).containsEntry("id", "s2").containsEntry("seq", 1);
        }
        assertThat(items(get(bob, "/api/v1/chats/" + chat + "/messages")))
                .extracting(m -> m.get("clientMsgId"))
                .containsExactly("cut-1");
    }

    @Test
    void theTokenMayComeInTheSubprotocolHeader() {
        TestUser alice = register("hdr");
        try (WsClient a = WsClient.connectWithProtocolHeader(port, alice.accessToken())) {
            assertThat(a.await("ready"))
                    .containsEntry("userId", (int) alice.id())
                    .as("clients refuse a too-long message before sending it")
                    .containsEntry("maxTextLength", 4000);
            assertThat(a.subprotocol()).isEqualTo("parley.v1");
        }
    }

    @Test
    void everyConnectionOfAUserGetsEveryEvent() {
        TestUser alice = register("multi");
        TestUser bob = register("multi");
        long chat = direct(alice, bob);
        try (WsClient phone = WsClient.live(port, bob.accessToken(), Map.of());
                WsClient laptop = WsClient.live(port, bob.accessToken(), Map.of())) {
            for (int i = 0; i < 5; i++) {
                send(alice, chat, "m" + i);
            }
            for (WsClient device : List.of(phone, laptop)) {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    seqs.add(seq(device.await("message_created")));
                }
                assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
            }
        }
    }

    @Test
    void concurrentSendersStillReachEveryListenerInSeqOrderWithoutGapsOrDuplicates() throws Exception {
        TestUser owner = register("ord");
        List<TestUser> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            senders.add(register("ord"));
        }
        long chat = createGroup(
                owner, "Busy", "private", senders.stream().map(TestUser::id).toList());
        int perSender = 40;
        try (WsClient listener = WsClient.live(port, owner.accessToken(), Map.of())) {
            var pool = Executors.newFixedThreadPool(senders.size());
            try {
                List<Future<?>> done = new ArrayList<>();
                for (TestUser sender : senders) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perSender; i++) {
                            send(sender, chat, "from " + sender.username() + " #" + i);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < senders.size() * perSender; i++) {
                seqs.add(seq(listener.await("message_created")));
            }
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(senders.size() * perSender);
            assertThat(seqs.get(0)).isEqualTo(1);
            assertThat(seqs.get(seqs.size() - 1)).isEqualTo(senders.size() * perSender);
        }
    }

    @Test
    void restWritesProduceTheSameEventsAsSocketCommands() {
        TestUser owner = register("same");
        TestUser member = register("same");
        TestUser joiner = register("same");
        long chat = createGroup(owner, "Events", "public", List.of(member.id()));
        try (WsClient o = WsClient.live(port, owner.accessToken(), Map.of());
                WsClient m = WsClient.live(port, member.accessToken(), Map.of())) {
            long id = num(send(member, chat, "draft").get("id"));
            call(member, HttpMethod.PATCH, "/api/v1/chats/" + chat + "/messages/" + id, Map.of("text", "final"), 200);
            post(joiner, "/api/v1/chats/" + chat + "/join", null, 200);
            call(
                    owner,
                    HttpMethod.PATCH,
                    "/api/v1/chats/" + chat + "/members/" + member.id(),
                    Map.of("role", "admin"),
                    200);
            m.send(Map.of("type", "delete", "id", "d1", "chatId", chat, "messageId", id));
            assertThat(m.await("ack")).containsEntry("id", "d1").containsEntry("seq", 5);
            call(joiner, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 204);

            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                events.add(o.awaitMatching(f -> f.containsKey("seq") && f.containsKey("chatId"), new ArrayList<>()));
            }
            assertThat(events)
                    .extracting(f -> f.get("type"), f -> f.get("seq"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("message_created", 1),
                            org.assertj.core.groups.Tuple.tuple("message_edited", 2),
                            org.assertj.core.groups.Tuple.tuple("member_joined", 3),
                            org.assertj.core.groups.Tuple.tuple("role_changed", 4),
                            org.assertj.core.groups.Tuple.tuple("message_deleted", 5),
                            org.assertj.core.groups.Tuple.tuple("member_left", 6));
            assertThat(map(events.get(1).get("message"))).containsEntry("text", "final");
            assertThat(map(events.get(2).get("user"))).containsEntry("username", joiner.username());
            assertThat(events.get(3)).containsEntry("role", "admin");
            assertThat(events.get(4)).containsEntry("messageId", (int) id).containsEntry("actorId", (int) member.id());
        }
    }

    @Test
    void aUserLearnsOfNewChatsLiveAndFollowsThem() {
        TestUser owner = register("new");
        TestUser invitee = register("new");
        try (WsClient i = WsClient.live(port, invitee.accessToken(), Map.of())) {
            long created = createGroup(owner, "Fresh", "private", List.of(invitee.id()));
            Map<String, Object> added = i.await("chat_added");
            assertThat(map(added.get("chat")))
                    .containsEntry("id", (int) created)
                    .containsEntry("title", "Fresh");
            send(owner, created, "welcome");
            assertThat(map(i.await("message_created").get("message"))).containsEntry("text", "welcome");

            long existing = createGroup(owner, "Existing", "private", List.of());
            send(owner, existing, "before you came");
            call(owner, HttpMethod.POST, "/api/v1/chats/" + existing + "/members", Map.of("userId", invitee.id()), 201);
            Map<String, Object> memberAdded = i.await("member_added");
            assertThat(memberAdded).containsEntry("chatId", (int) existing).containsEntry("seq", 2);
            send(owner, existing, "after you came");
            assertThat(i.await("message_created"))
                    .containsEntry("chatId", (int) existing)
                    .containsEntry("seq", 3);

            call(owner, HttpMethod.DELETE, "/api/v1/chats/" + existing + "/members/" + invitee.id(), null, 204);
            assertThat(i.await("member_removed")).containsEntry("chatId", (int) existing);
            send(owner, existing, "after you left");
            send(owner, created, "still here");
            Map<String, Object> next = i.await("message_created");
            assertThat(next).as("nothing more from a chat one was removed from").containsEntry("chatId", (int) created);
        }
    }
}
