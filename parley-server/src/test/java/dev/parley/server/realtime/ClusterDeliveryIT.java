package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.InProcessCluster;
import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.RequiresRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Three nodes on one PostgreSQL and one Redis behave as one server to every client: order,
 * exactly-once, several devices, typing, receipts, presence, chats added elsewhere, concurrent
 * appends, and a Redis outage under traffic.
 */
@RequiresPostgres
@RequiresRedis
class ClusterDeliveryIT {

    private static InProcessCluster cluster;
    private static NodeApi a;
    private static NodeApi b;
    private static NodeApi c;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(3);
        a = new NodeApi(cluster.port(0));
        b = new NodeApi(cluster.port(1));
        c = new NodeApi(cluster.port(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMessageSentOnOneNodeReachesItsChatOnTheOtherNodesInOrderAndOnce() {
        NodeApi.User alice = a.user("xa");
        NodeApi.User bob = b.user("xb");
        NodeApi.User carol = c.user("xc");
        long chat = a.group(alice, List.of(bob, carol));
        try (WsClient onA = a.live(alice);
                WsClient alicesPhoneOnC = c.live(alice);
                WsClient onB = b.live(bob);
                WsClient onC = c.live(carol)) {
            for (int i = 1; i <= 30; i++) {
                send(onA, chat, "m" + i);
            }

            for (WsClient client : List.of(onB, onC, alicesPhoneOnC)) {
                assertThat(messagesUpTo(client, chat, 30)).containsExactlyElementsOf(seqs(1, 30));
            }
        }
    }

    @Test
    void twoDevicesOfOneUserOnDifferentNodesBothGetEveryEventTypingReceiptsAndPresence() {
        NodeApi.User alice = c.user("da");
        NodeApi.User bob = a.user("db");
        NodeApi.User carol = c.user("dc");
        long chat = c.direct(alice, bob);
        c.direct(carol, bob);
        try (WsClient phone = a.live(bob);
                WsClient laptop = b.live(bob);
                WsClient sender = c.live(alice)) {
            send(sender, chat, "to both devices");
            for (WsClient device : List.of(phone, laptop)) {
                assertThat(messagesUpTo(device, chat, 1)).containsExactly(1L);
            }

            sender.send(Map.of("type", "typing", "chatId", chat));
            for (WsClient device : List.of(phone, laptop)) {
                assertThat(device.await("typing")).containsEntry("userId", (int) alice.id());
            }

            phone.send(Map.of("type", "read", "id", "r1", "chatId", chat, "seq", 1));
            for (WsClient other : List.of(laptop, sender)) {
                assertThat(other.await("read"))
                        .containsEntry("chatId", (int) chat)
                        .containsEntry("userId", (int) bob.id())
                        .containsEntry("seq", 1);
            }

            try (WsClient carolOnC = c.live(carol)) {
                for (WsClient device : List.of(phone, laptop)) {
                    assertThat(device.await("presence"))
                            .containsEntry("userId", (int) carol.id())
                            .containsEntry("online", true);
                }
            }
        }
    }

    @Test
    void aChatCreatedOrJoinedOnAnotherNodeIsFollowedWhereTheUserIsConnected() {
        NodeApi.User alice = a.user("ca");
        NodeApi.User erin = b.user("ce");
        NodeApi.User frank = c.user("cf");
        try (WsClient onA = a.live(alice);
                WsClient erinOnB = b.live(erin);
                WsClient frankOnC = c.live(frank)) {
            long chat = a.group(alice, List.of(erin));
            assertThat(num(map(erinOnB.await("chat_added").get("chat")).get("id")))
                    .isEqualTo(chat);
            send(onA, chat, "welcome erin");
            assertThat(messagesUpTo(erinOnB, chat, 1)).containsExactly(1L);

            a.post(alice, "/api/v1/chats/" + chat + "/members", Map.of("userId", frank.id()), 201);
            Map<String, Object> added = frankOnC.await("member_added");
            assertThat(added).containsEntry("chatId", (int) chat);
            send(onA, chat, "welcome frank");
            assertThat(messagesUpTo(frankOnC, chat, 3)).containsExactly(3L);
        }
    }

    @Test
    void twoNodesAppendingToOneChatKeepSeqGapFreeAndUnique() throws Exception {
        NodeApi.User alice = a.user("sa");
        NodeApi.User bob = b.user("sb");
        long chat = a.direct(alice, bob);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Future<?> onA = senders.submit(() -> LongStream.range(0, 60).forEach(i -> a.send(alice, chat, "a" + i)));
            Future<?> onB = senders.submit(() -> LongStream.range(0, 60).forEach(i -> b.send(bob, chat, "b" + i)));
            onA.get();
            onB.get();
        } finally {
            senders.shutdownNow();
        }

        List<Long> stored = new ArrayList<>();
        for (var m : c.list(c.get(alice, "/api/v1/chats/" + chat + "/messages?after=0&limit=100"))) {
            stored.add(num(m.get("seq")));
        }
        for (var m : c.list(c.get(alice, "/api/v1/chats/" + chat + "/messages?after=100&limit=100"))) {
            stored.add(num(m.get("seq")));
        }
        assertThat(stored).containsExactlyElementsOf(seqs(1, 120));
    }

    @Test
    void aReconnectToAnotherNodeWithinTheGracePeriodDoesNotFlapPresence() throws Exception {
        NodeApi.User watcher = c.user("pw");
        NodeApi.User dana = a.user("pd");
        c.direct(watcher, dana);
        try (WsClient w = c.live(watcher)) {
            WsClient onA = a.live(dana);
            assertThat(w.await("presence"))
                    .containsEntry("userId", (int) dana.id())
                    .containsEntry("online", true);

            onA.close();
            WsClient onB = b.live(dana);
            Thread.sleep(2000); // past the 1 s grace period: an offline would have been announced by now
            assertThat(framesUntilBarrier(w))
                    .as("moving to another node within the grace period announces nothing")
                    .noneSatisfy(f -> assertThat(f).containsEntry("type", "presence"));
            assertThat(c.get(watcher, "/api/v1/users/" + dana.id())).containsEntry("online", true);

            onB.close();
            assertThat(w.await("presence"))
                    .containsEntry("userId", (int) dana.id())
                    .containsEntry("online", false);
        }
    }

    @Test
    void aRedisOutageUnderTrafficLosesAndDuplicatesNothing() throws Exception {
        NodeApi.User alice = a.user("ra");
        NodeApi.User bob = b.user("rb");
        NodeApi.User carol = c.user("rc");
        long chat = a.group(alice, List.of(bob, carol));
        try (WsClient onA = a.live(alice);
                WsClient onB = b.live(bob);
                WsClient onC = c.live(carol)) {
            int sent = 0;
            sent = sendFor(onA, chat, sent, Duration.ofSeconds(1));
            for (int node = 0; node < cluster.size(); node++) {
                cluster.redis(node).cut();
            }
            sent = sendFor(onA, chat, sent, Duration.ofSeconds(10));
            List<Long> toB = new ArrayList<>(messagesUpTo(onB, chat, sent));
            List<Long> toC = new ArrayList<>(messagesUpTo(onC, chat, sent));
            assertThat(cluster.redis(0).isCut())
                    .as("all of it arrived while Redis was still away: read from the store")
                    .isTrue();
            for (int node = 0; node < cluster.size(); node++) {
                cluster.redis(node).restore();
            }
            int beforeRestore = sent;
            sent = sendFor(onA, chat, sent, Duration.ofSeconds(1));
            toB.addAll(messagesUpTo(onB, chat, sent));
            toC.addAll(messagesUpTo(onC, chat, sent));

            assertThat(beforeRestore).isGreaterThan(50);
            assertThat(toB).containsExactlyElementsOf(seqs(1, sent));
            assertThat(toC).containsExactlyElementsOf(seqs(1, sent));
        } finally {
            for (int node = 0; node < cluster.size(); node++) {
                cluster.redis(node).restore();
            }
        }
    }

    @Test
    void aLogoutOnOneNodeClosesTheSessionsSocketsAndRefusesItsTokensOnEveryNode() {
        NodeApi.User gina = a.user("lo");
        try (WsClient onB = b.live(gina)) {
            c.post(gina, "/api/v1/auth/logout", Map.of("refreshToken", gina.refreshToken()), 204);

            WsClient.Close close = onB.awaitClose();
            assertThat(close.code()).isEqualTo(4003);
            assertThat(close.reason()).isEqualTo("session_ended");
            a.refused(gina, "/api/v1/me", "session_ended");
        }
    }

    @Test
    void aClusterNodeExportsTheBusMetricsTheDashboardShows() {
        String scrape = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + cluster.port(0))
                .build()
                .get()
                .uri("/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        for (String metric : dev.parley.server.ops.DeployFilesTest.CLUSTER_ONLY) {
            assertThat(scrape).contains(metric + "{");
        }
        assertThat(scrape).contains("parley_bus_connected{node=\"a\"} 1.0");
    }

    /** Sends one message every 100 ms for the duration, each acknowledged; answers the count sent so far. */
    private static int sendFor(WsClient client, long chat, int sent, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            send(client, chat, "m" + ++sent);
            Thread.sleep(100);
        }
        return sent;
    }

    /** Sends and waits for the ack; the sender's other frames meanwhile are dropped (check other sockets). */
    private static void send(WsClient client, long chat, String text) {
        String id = "s-" + UUID.randomUUID();
        client.send(Map.of("type", "send", "id", id, "chatId", chat, "text", text, "clientMsgId", id));
        client.awaitMatching(f -> "ack".equals(f.get("type")) && id.equals(f.get("id")), new ArrayList<>());
    }

    /**
     * The seqs of the chat's messages the client receives until it has seq {@code last}, plus any
     * that arrive before a ping sent then is answered (a duplicate would be among them).
     */
    private static List<Long> messagesUpTo(WsClient client, long chat, long last) {
        List<Long> seqs = new ArrayList<>();
        List<Map<String, Object>> frames = new ArrayList<>();
        client.awaitMatching(
                f -> {
                    frames.add(f);
                    return isMessage(f, chat) && num(f.get("seq")) == last;
                },
                new ArrayList<>());
        frames.addAll(framesUntilBarrier(client));
        for (Map<String, Object> f : frames) {
            if (isMessage(f, chat)) {
                seqs.add(num(f.get("seq")));
            }
        }
        return seqs;
    }

    private static List<Map<String, Object>> framesUntilBarrier(WsClient client) {
        String id = "barrier-" + UUID.randomUUID();
        client.send(Map.of("type", "ping", "id", id));
        List<Map<String, Object>> before = new ArrayList<>();
        client.awaitMatching(f -> "pong".equals(f.get("type")) && id.equals(f.get("id")), before);
        return before;
    }

    private static boolean isMessage(Map<String, Object> frame, long chat) {
        return "message_created".equals(frame.get("type")) && num(frame.get("chatId")) == chat;
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static long num(Object value) {
        return ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
