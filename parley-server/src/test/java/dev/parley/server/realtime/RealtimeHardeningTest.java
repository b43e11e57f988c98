package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** What an outside test of the protocol found: big catch-ups, bad bytes, floods, odd frames. */
class RealtimeHardeningTest extends ApiTest {

    /** About 9 KB of text: 3,000 three-byte characters (the limit is 4,000 characters). */
    private static final String NINE_KB = "€".repeat(3000);

    private static final int MISSED = 45;

    /** Makes a flood's frames big enough that some are still unread when the server decides to close. */
    private static final String PAD = "x".repeat(4000);

    private long chatWithMissedMessages(TestUser alice, TestUser bob, int count) {
        long chat = direct(alice, bob);
        for (int i = 0; i < count; i++) {
            send(alice, chat, i + NINE_KB);
        }
        return chat;
    }

    @Test
    void aCatchUpLargerThanTheOutboundQueueIsPacedByTheReaderNotCutOff() {
        TestUser alice = register("big");
        TestUser bob = register("big");
        // 45 x 9 KB: under max-replay (50 in these tests) and past the outbound queue (256 KB here),
        // as 220 such messages are for the default 1 MiB queue
        long chat = chatWithMissedMessages(alice, bob, MISSED);

        try (WsClient b = WsClient.live(port, bob.accessToken(), Map.of(chat, 0L))) {
            List<Long> seqs = new ArrayList<>();
            while (seqs.size() < MISSED) {
                Map<String, Object> f = b.nextOrClose();
                assertThat(f)
                        .as("frames until all arrived; closed with " + (b.isClosed() ? b.awaitClose() : null))
                        .isNotNull();
                if ("message_created".equals(f.get("type"))) {
                    seqs.add(num(f.get("seq")));
                }
            }
            assertThat(seqs).hasSize(MISSED).isSorted().doesNotHaveDuplicates();
            assertThat(b.isClosed()).isFalse();
        }
    }

    @Test
    void aSlowReaderThatResumesGetsItsCatchUpAsItReads() throws Exception {
        TestUser alice = register("slow");
        TestUser bob = register("slow");
        long chat = chatWithMissedMessages(alice, bob, MISSED);

        try (WsClient b = WsClient.connectNotReading(port, bob.accessToken())) {
            b.send(Map.of("type", "resume", "id", "r", "chats", Map.of(String.valueOf(chat), 0)));
            Thread.sleep(1500); // reads nothing meanwhile: the server may not pour 400 KB at it and shed it
            b.startReading();
            int messages = 0;
            while (messages < MISSED) {
                Map<String, Object> f = b.nextOrClose();
                assertThat(f)
                        .as("not closed (" + (b.isClosed() ? b.awaitClose() : null) + ")")
                        .isNotNull();
                if ("message_created".equals(f.get("type"))) {
                    messages++;
                }
            }
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        TestUser user = register("utf");
        byte[] ping = "{\"type\":\"ping\",\"id\":\"__\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] encodedSurrogate = new byte[ping.length + 1];
        int at = new String(ping, StandardCharsets.US_ASCII).indexOf("__");
        System.arraycopy(ping, 0, encodedSurrogate, 0, at);
        encodedSurrogate[at] = (byte) 0xED; // U+D800 encoded as if it were a character: not UTF-8
        encodedSurrogate[at + 1] = (byte) 0xA0;
        encodedSurrogate[at + 2] = (byte) 0x80;
        System.arraycopy(ping, at + 2, encodedSurrogate, at + 3, ping.length - at - 2);

        for (byte[] bad : List.of(new byte[] {(byte) 0xFF, (byte) 0xFE}, encodedSurrogate)) {
            try (RawSocket raw = new RawSocket(port, user.accessToken(), null)) {
                assertThat(raw.head()).startsWith("HTTP/1.1 101");
                raw.send(0x1, bad);
                RawSocket.Ending end = raw.readToEnd();
                assertThat(end.closeCode()).as(end.toString()).isEqualTo(1007);
                assertThat(end.before()).noneMatch(f -> f.text().contains("pong"));
            }
        }
    }

    @Test
    void aFloodSentOneFrameAWriteGetsItsAnswersAndThen4009NotAReset() throws Exception {
        TestUser user = register("flood");
        try (RawSocket raw = new RawSocket(port, user.accessToken(), null)) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
            Thread flood = new Thread(
                    () -> { // one frame a write, as fast as it goes
                        for (int i = 0; i < 300 && !ended.get(); i++) {
                            try {
                                raw.sendText("{\"type\":\"ping\",\"id\":\"p" + i + "\",\"pad\":\"" + PAD + "\"}");
                            } catch (Exception e) {
                                return;
                            }
                        }
                    });
            flood.start();
            flood.join(); // all of it written before anything is read, as a client that only writes
            Thread.sleep(500);
            RawSocket.Ending end = raw.readToEnd();
            ended.set(true);

            assertThat(end.reset())
                    .as("ended by a close frame, not a reset: " + end.reason())
                    .isFalse();
            assertThat(end.closeCode()).isEqualTo(4009);
            assertThat(end.reason()).isEqualTo("rate_limited");
            List<String> texts =
                    end.before().stream().map(RawSocket.Frame::text).toList();
            assertThat(texts).anyMatch(t -> t.contains("\"pong\"")).anyMatch(t -> t.contains("rate_limited"));
        }
    }

    // repeated: the close used to race the client's write of the huge frame and end in a reset
    // about one time in three
    @RepeatedTest(20)
    void aWrongTypeIsInvalidFieldAndAHugeFrameGetsTheDocumentedReason() throws Exception {
        TestUser user = register("odd");
        try (WsClient ws = WsClient.live(port, user.accessToken(), Map.of())) {
            ws.sendText("{\"type\":5,\"id\":\"t\"}");
            assertThat(ws.await("error")).containsEntry("code", "invalid_field");
        }
        try (RawSocket raw = new RawSocket(port, user.accessToken(), null)) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            raw.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(300_000) + "\"}");
            RawSocket.Ending end = raw.readToEnd();
            assertThat(end.closeCode()).isEqualTo(1009);
            assertThat(end.reason()).contains("bytes; the limit is 65536");
        }
    }
}
