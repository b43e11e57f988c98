package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceTypingReceiptsTest extends ApiTest {

    @Test
    void presenceGoesOnlineAndOfflineAfterAGracePeriodWithoutFlappingOnReload() throws Exception {
        TestUser watcher = register("pres");
        TestUser user = register("pres");
        long chat = direct(watcher, user);
        try (WsClient w = WsClient.live(port, watcher.accessToken(), Map.of())) {
            WsClient first = WsClient.live(port, user.accessToken(), Map.of());
            assertThat(w.await("presence"))
                    .containsEntry("userId", (int) user.id())
                    .containsEntry("online", true);
            assertThat(get(watcher, "/api/v1/users/" + user.id()))
                    .containsEntry("online", true)
                    .containsEntry("lastSeenAt", null);
            assertThat(items(get(watcher, "/api/v1/chats/" + chat + "/online")))
                    .extracting(u -> num(u.get("id")))
                    .containsExactlyInAnyOrder(watcher.id(), user.id());

            first.close();
            WsClient reloaded = WsClient.live(port, user.accessToken(), Map.of());
            assertThat(w.collectFor(Duration.ofMillis(1200)))
                    .as("a reload within the grace period announces nothing")
                    .noneSatisfy(f -> assertThat(f).containsEntry("type", "presence"));

            reloaded.close();
            Map<String, Object> offline = w.await("presence");
            assertThat(offline).containsEntry("userId", (int) user.id()).containsEntry("online", false);
            assertThat(offline.get("lastSeenAt")).isNotNull();
            assertThat(get(watcher, "/api/v1/users/" + user.id())).containsEntry("online", false);
            assertThat(get(watcher, "/api/v1/users/" + user.id()).get("lastSeenAt"))
                    .isNotNull();
            assertThat(items(get(watcher, "/api/v1/chats/" + chat + "/online")))
                    .extracting(u -> num(u.get("id")))
                    .containsExactly(watcher.id());
        }
    }

    @Test
    void whoIsOnlineInAChatIsForMembersOnly() {
        TestUser owner = register("onl");
        TestUser stranger = register("onl");
        long chat = createGroup(owner, "Members only", "public", List.of());
        problem(
                stranger,
                org.springframework.http.HttpMethod.GET,
                "/api/v1/chats/" + chat + "/online",
                null,
                403,
                "not_a_member");
    }

    @Test
    void typingReachesTheOtherMembersWithAnExpiry() {
        TestUser alice = register("typ");
        TestUser bob = register("typ");
        long chat = direct(alice, bob);
        try (WsClient a = WsClient.live(port, alice.accessToken(), Map.of());
                WsClient b = WsClient.live(port, bob.accessToken(), Map.of())) {
            a.send(Map.of("type", "typing", "chatId", chat));
            Map<String, Object> typing = b.await("typing");
            assertThat(typing).containsEntry("chatId", (int) chat).containsEntry("userId", (int) alice.id());
            assertThat(num(typing.get("expiresInMs"))).isEqualTo(5000);
        }
    }

    @Test
    void readCursorsReachTheUsersOtherDevicesAndReceiptsReachTheOtherMember() {
        TestUser alice = register("rcpt");
        TestUser bob = register("rcpt");
        long chat = direct(alice, bob);
        send(alice, chat, "did you read this?");
        try (WsClient a = WsClient.live(port, alice.accessToken(), Map.of());
                WsClient phone = WsClient.live(port, bob.accessToken(), Map.of());
                WsClient laptop = WsClient.live(port, bob.accessToken(), Map.of())) {
            phone.send(Map.of("type", "read", "id", "r1", "chatId", chat, "seq", 1));
            List<Map<String, Object>> beforeAck = new ArrayList<>();
            assertThat(phone.awaitMatching(f -> "ack".equals(f.get("type")), beforeAck))
                    .containsEntry("readSeq", 1);
            if (beforeAck.stream().noneMatch(f -> "read".equals(f.get("type")))) {
                phone.await("read"); // its own receipt leaves on the chat's shard, before or after the ack
            }
            for (WsClient c : List.of(a, laptop)) {
                assertThat(c.await("read"))
                        .containsEntry("chatId", (int) chat)
                        .containsEntry("userId", (int) bob.id())
                        .containsEntry("seq", 1);
            }
            post(bob, "/api/v1/chats/" + chat + "/read", Map.of("seq", 1), 200);
            phone.send(Map.of("type", "ping", "id", "p"));
            List<Map<String, Object>> skipped = new ArrayList<>();
            phone.awaitMatching(f -> "pong".equals(f.get("type")), skipped);
            assertThat(skipped)
                    .as("a cursor that did not move announces nothing")
                    .isEmpty();
        }
    }

    @Test
    void typingIsNotAnnouncedInChatsLargerThanTheTypingLimit() {
        TestUser owner = register("bigtyp");
        List<Long> members = new ArrayList<>();
        TestUser listener = register("bigtyp");
        members.add(listener.id());
        for (int i = 0; i < 49; i++) { // 51 members: one more than typing-max-members (50)
            members.add(register("bigtyp").id());
        }
        long big = createGroup(owner, "Big room", "public", members);
        long small = direct(owner, listener);
        try (WsClient typist = WsClient.live(port, owner.accessToken(), Map.of());
                WsClient l = WsClient.live(port, listener.accessToken(), Map.of())) {
            typist.send(Map.of("type", "typing", "chatId", big));
            typist.send(Map.of("type", "typing", "chatId", small));

            List<Map<String, Object>> before = new ArrayList<>();
            Map<String, Object> typing = l.awaitMatching(f -> "typing".equals(f.get("type")), before);
            assertThat(typing).as("the small chat's typing").containsEntry("chatId", (int) small);
            assertThat(before).noneSatisfy(f -> assertThat(f).containsEntry("type", "typing"));
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        TestUser user = register("idle");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("parley-idle-test".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws?token=" + user.accessToken() + " HTTP/1.1\r\nHost: localhost:" + port
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                            + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int closeCode = -1;
            long started = System.nanoTime();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            while (closeCode < 0) {
                int opcode = in.read() & 0x0f;
                int length = in.read() & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == 0x8) {
                    closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                }
            }
            assertThat(closeCode).isEqualTo(4010);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        return head.toString();
    }
}
