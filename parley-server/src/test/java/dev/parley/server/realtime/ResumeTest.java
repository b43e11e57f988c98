package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResumeTest extends ApiTest {

    @Test
    void resumeReplaysWhatWasMissedInOrderAndContinuesLiveWhileTrafficFlows() throws Exception {
        TestUser sender = register("flow");
        TestUser reader = register("flow");
        long chat = direct(sender, reader);
        int total = 150;
        // the sender stays at most 20 messages ahead of what the reader got, so the gap while it is
        // away stays under max-replay (50) however fast the sends go
        Semaphore window = new Semaphore(20);
        // on a thread of its own: the common pool has one thread on 2 cores, and the sender blocks
        // while it waits for the reader
        java.util.concurrent.ExecutorService sending = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(
                () -> {
                    for (int i = 1; i <= total; i++) {
                        try {
                            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the reader stopped reading at message " + i);
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        send(sender, chat, "message " + i);
                    }
                },
                sending);

        List<Long> received = new ArrayList<>();
        try (WsClient first = WsClient.live(port, reader.accessToken(), Map.of(chat, 0L))) {
            while (received.size() < 30) {
                received.add(num(first.await("message_created").get("seq")));
                window.release();
            }
        }
        // disconnected while messages keep arriving
        Thread.sleep(100);
        long last = received.get(received.size() - 1);
        try (WsClient second = WsClient.connect(port, reader.accessToken())) {
            second.await("ready");
            Map<String, Object> chats = new LinkedHashMap<>();
            chats.put(String.valueOf(chat), last);
            second.send(Map.of("type", "resume", "id", "r2", "chats", chats));
            while (received.get(received.size() - 1) < total) {
                Map<String, Object> frame = second.awaitMatching(
                        f -> "message_created".equals(f.get("type")) || "refetch".equals(f.get("type")),
                        new ArrayList<>());
                assertThat(frame.get("type"))
                        .as("the gap stays under max-replay")
                        .isEqualTo("message_created");
                received.add(num(frame.get("seq")));
                window.release();
            }
        }
        traffic.get(60, TimeUnit.SECONDS);
        sending.shutdown();

        assertThat(received)
                .as("every seq exactly once, in order, across both connections")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total)
                        .boxed()
                        .toList());
    }

    @Test
    void aGapLargerThanMaxReplayIsAnsweredWithRefetch() {
        TestUser sender = register("gap");
        TestUser reader = register("gap");
        long chat = direct(sender, reader);
        for (int i = 1; i <= 60; i++) {
            send(sender, chat, "offline " + i);
        }

        try (WsClient ws = WsClient.connect(port, reader.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "resume", "id", "r", "chats", Map.of(String.valueOf(chat), 5)));
            Map<String, Object> refetch = ws.await("refetch");
            assertThat(refetch)
                    .containsEntry("chatId", (int) chat)
                    .containsEntry("fromSeq", 6)
                    .containsEntry("lastSeq", 60);
            assertThat(map(ws.await("resumed").get("chats"))).containsEntry(String.valueOf(chat), 60);

            send(sender, chat, "live again");
            assertThat(ws.await("message_created")).containsEntry("seq", 61);
        }
    }

    @Test
    void resumeWithASmallGapReplaysExactlyTheMissingEvents() {
        TestUser sender = register("small");
        TestUser reader = register("small");
        long chat = direct(sender, reader);
        for (int i = 1; i <= 10; i++) {
            send(sender, chat, "m" + i);
        }
        try (WsClient ws = WsClient.live(port, reader.accessToken(), Map.of(chat, 7L))) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seqs.add(num(ws.await("message_created").get("seq")));
            }
            assertThat(seqs).containsExactly(8L, 9L, 10L);
            send(sender, chat, "m11");
            assertThat(ws.await("message_created")).containsEntry("seq", 11);
        }
    }

    @Test
    void aChatLeftWhileAwayIsReportedRemoved() {
        TestUser owner = register("gone");
        TestUser member = register("gone");
        long chat = createGroup(owner, "Left behind", "private", List.of(member.id()));
        call(
                owner,
                org.springframework.http.HttpMethod.DELETE,
                "/api/v1/chats/" + chat + "/members/" + member.id(),
                null,
                204);

        try (WsClient ws = WsClient.connect(port, member.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "resume", "id", "r", "chats", Map.of(String.valueOf(chat), 0)));
            assertThat(ws.await("chat_removed")).containsEntry("chatId", (int) chat);
        }
    }

    @Test
    void aSlowConsumerIsClosedAndOthersInTheChatAreNotHeldBack() throws Exception {
        TestUser sender = register("slow");
        TestUser stalled = register("slow");
        TestUser healthy = register("slow");
        long chat = createGroup(sender, "Firehose", "private", List.of(stalled.id(), healthy.id()));
        String big = "x".repeat(4000);
        try (WsClient slow = WsClient.connectNotReading(port, stalled.accessToken());
                WsClient fast = WsClient.live(port, healthy.accessToken(), Map.of())) {
            slow.send(Map.of("type", "resume", "id", "r", "chats", Map.of()));
            Thread.sleep(200);
            AtomicBoolean fastKeptUp = new AtomicBoolean(true);
            int sent = 0;
            long expected = 1;
            assertThat(shed(sender, chat, stalled)).isFalse();
            while (sent < 3000 && (sent % 20 != 0 || !shed(sender, chat, stalled))) {
                send(sender, chat, big);
                sent++;
                Map<String, Object> frame = fast.await("message_created");
                if (num(frame.get("seq")) != expected++) {
                    fastKeptUp.set(false);
                }
            }
            assertThat(fastKeptUp)
                    .as("the healthy reader got every message in order")
                    .isTrue();
            assertThat(sent).as("shed well before the end of the run").isLessThan(3000);
            slow.startReading();
            WsClient.Close close = slow.awaitClose();
            // The 4008 close frame queues behind the data the client never read; when the pipe is
            // full the client may only see the connection drop.
            if (close.code() != -1) {
                assertThat(close.code()).isEqualTo(4008);
                assertThat(close.reason()).isEqualTo("slow_consumer");
            }
        }
    }

    /** Whether the server let go of the stalled connection: its user is no longer online in the chat. */
    private boolean shed(TestUser asker, long chat, TestUser stalled) {
        return items(get(asker, "/api/v1/chats/" + chat + "/online")).stream()
                .noneMatch(u -> num(u.get("id")) == stalled.id());
    }
}
