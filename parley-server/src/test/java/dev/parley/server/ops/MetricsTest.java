package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each chat metric moves when the thing it counts happens. */
class MetricsTest extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.tracing.Tracer tracer;

    @Test
    void withoutATracingEndpointNothingIsSampledOrRecorded() {
        io.micrometer.tracing.Span span;
        // a new trace: whatever another test left current on this thread is no parent here
        try (var root = io.opentelemetry.context.Context.root().makeCurrent()) {
            span = tracer.nextSpan().start();
        }
        try {
            assertThat(span.context().parentId()).as("a root span").isNull();
            assertThat(span.context().sampled()).as("sampled").isNotEqualTo(Boolean.TRUE);
        } finally {
            span.end();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.parley.server.store.Database database;

    private Scrape scrape() {
        String text = http.get()
                .uri("/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/plain")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return Scrape.parse(text);
    }

    private static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void messagesSentAndDeliveryLatencyCountEveryStoredMessage() throws Exception {
        TestUser alice = register("met");
        TestUser bob = register("met");
        long chat = direct(alice, bob);
        try (var listener = dev.parley.server.realtime.TestSockets.live(port, bob.accessToken())) {
            Scrape before = scrape();
            send(alice, chat, "counted");
            listener.awaitMessage();
            eventually(() -> {
                Scrape after = scrape();
                assertThat(after.value("chat_messages_sent_total") - before.value("chat_messages_sent_total"))
                        .isEqualTo(1);
                assertThat(after.value("chat_messages_latency_seconds_count")
                                - before.value("chat_messages_latency_seconds_count"))
                        .isEqualTo(1);
                assertThat(after.value("chat_messages_latency_seconds_bucket", "le=\"1.0\""))
                        .isGreaterThan(before.value("chat_messages_latency_seconds_bucket", "le=\"1.0\""));
            });
            post(
                    alice,
                    "/api/v1/chats/" + chat + "/messages",
                    Map.of("text", "counted", "clientMsgId", "same-again"),
                    201);
            post(
                    alice,
                    "/api/v1/chats/" + chat + "/messages",
                    Map.of("text", "counted", "clientMsgId", "same-again"),
                    200);
            eventually(() -> assertThat(
                            scrape().value("chat_messages_sent_total") - before.value("chat_messages_sent_total"))
                    .as("a retried clientMsgId stores nothing and counts nothing")
                    .isEqualTo(2));
        }
    }

    @Test
    void deliveryLatencyCountsWebSocketAndRestSendsAlike() throws Exception {
        TestUser alice = register("lat");
        TestUser bob = register("lat");
        long chat = direct(alice, bob);
        try (var sender = dev.parley.server.realtime.TestSockets.live(port, alice.accessToken());
                var listener = dev.parley.server.realtime.TestSockets.live(port, bob.accessToken())) {
            Scrape before = scrape();
            for (int i = 0; i < 5; i++) {
                sender.sendAndAwaitAck(chat, "over the socket " + i, "lat-ws-" + i);
                listener.awaitMessage();
            }
            eventually(() -> assertThat(scrape().value("chat_messages_latency_seconds_count")
                            - before.value("chat_messages_latency_seconds_count"))
                    .as("5 WebSocket sends")
                    .isEqualTo(5));
            for (int i = 0; i < 5; i++) {
                send(alice, chat, "over REST " + i);
                listener.awaitMessage();
            }
            eventually(() -> assertThat(scrape().value("chat_messages_latency_seconds_count")
                            - before.value("chat_messages_latency_seconds_count"))
                    .as("and 5 REST sends")
                    .isEqualTo(10));
        }
    }

    @Test
    void connectionsOnlineUsersAndAliveChatsFollowTheSockets() throws Exception {
        TestUser alice = register("gauge");
        TestUser bob = register("gauge");
        direct(alice, bob);
        Scrape before = scrape();

        var phone = dev.parley.server.realtime.TestSockets.live(port, alice.accessToken());
        var laptop = dev.parley.server.realtime.TestSockets.live(port, alice.accessToken());
        eventually(() -> {
            Scrape during = scrape();
            assertThat(during.value("chat_connections") - before.value("chat_connections"))
                    .isEqualTo(2);
            assertThat(during.value("users_online_total") - before.value("users_online_total"))
                    .isEqualTo(1);
            assertThat(during.value("chats_alive_total") - before.value("chats_alive_total"))
                    .isEqualTo(1);
        });
        phone.close();
        laptop.close();
        eventually(() -> {
            Scrape after = scrape();
            assertThat(after.value("chat_connections")).isEqualTo(before.value("chat_connections"));
            assertThat(after.value("users_online_total")).isEqualTo(before.value("users_online_total"));
            assertThat(after.value("chats_alive_total")).isEqualTo(before.value("chats_alive_total"));
        });
    }

    @Test
    void busyStoreWritersAreCountedWhileTheyWrite() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var writing = java.util.concurrent.CompletableFuture.runAsync(() -> database.write(c -> {
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        try {
            eventually(() ->
                    assertThat(scrape().value("message_to_db_workers_total")).isEqualTo(1));
        } finally {
            release.countDown();
        }
        writing.get(10, java.util.concurrent.TimeUnit.SECONDS);
        eventually(
                () -> assertThat(scrape().value("message_to_db_workers_total")).isZero());
    }

    @Test
    void storeHttpWebSocketPoolAndJvmMetricsAreExported() throws Exception {
        TestUser alice = register("misc");
        TestUser bob = register("misc");
        long chat = direct(alice, bob);
        send(alice, chat, "one");
        try (var socket = dev.parley.server.realtime.TestSockets.live(port, alice.accessToken())) {
            socket.sendBinary();
            eventually(() -> assertThat(scrape().value("parley_websocket_closes_total", "code=\"1003\""))
                    .isPositive());
        }
        Scrape scrape = scrape();

        assertThat(scrape.value("message_to_db_workers_total")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("parley_store_write_batch_count")).isPositive();
        assertThat(scrape.value("parley_store_commit_seconds_count")).isPositive();
        assertThat(scrape.value("parley_websocket_frames_total", "direction=\"in\""))
                .isPositive();
        assertThat(scrape.value("parley_websocket_frames_total", "direction=\"out\""))
                .isPositive();
        assertThat(scrape.value("parley_websocket_outbound_overflows_total")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("http_server_requests_seconds_count", "uri=\"/api/v1/chats/{chatId}/messages\""))
                .as("HTTP metrics per route template, not per raw path")
                .isPositive();
        assertThat(scrape.names())
                .noneMatch(n -> n.startsWith("http_server_requests") && n.contains("/api/v1/chats/" + chat));
        assertThat(scrape.series().keySet()).noneMatch(k -> k.contains("uri=\"/api/v1/chats/" + chat));
        assertThat(scrape.value("hikaricp_connections_max")).isPositive();
        assertThat(scrape.value("jvm_memory_used_bytes")).isPositive();
        assertThat(scrape.value("process_cpu_usage")).isGreaterThanOrEqualTo(0);
        assertThat(List.of(
                        "chat_messages_sent_total",
                        "chat_messages_latency_seconds_bucket",
                        "chats_alive_total",
                        "users_online_total",
                        "message_to_db_workers_total",
                        "chat_connections"))
                .allSatisfy(name -> assertThat(scrape.names()).contains(name));
    }
}
