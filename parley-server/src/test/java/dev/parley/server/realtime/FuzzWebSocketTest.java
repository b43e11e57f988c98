package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.TestTokensAccess;
import dev.parley.server.api.ApiTest;
import dev.parley.server.testing.DocumentedCodes;
import dev.parley.server.testing.FuzzSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeded WebSocket fuzzing ({@link FuzzSettings}: 10,000 frames by default) from the commands of
 * the AsyncAPI document ({@link FrameCases}), on raw sockets that are reopened whenever the server
 * closes one. Every frame is answered (a ping after each must get its pong) with documented frames
 * and error codes, or closed with the close code its fault calls for; what was refused stored
 * nothing (each chat's seq moved exactly by the writes acknowledged; every message, its text and
 * its deletion trace back to an acknowledged command); the server serves others afterwards.
 */
class FuzzWebSocketTest extends ApiTest {

    /** Commands per connection: under the default burst of 40, so the rate limit is met only by floods. */
    private static final int BUDGET = 34;

    private static final int MAX_REPORTED = 25;

    @Autowired
    JsonMapper json;

    private final List<String> failures = new ArrayList<>();
    private final WriteLedger ledger = new WriteLedger(failures::add);
    private FuzzSocket.Documented documented;

    @Test
    void tenThousandRandomAndMutatedFramesGetDocumentedAnswersAndStoreNothingWhenRefused() throws Exception {
        long seed = FuzzSettings.seed();
        int cases = FuzzSettings.cases();
        System.out.println("FuzzWebSocketTest: " + cases + " frames, " + FuzzSettings.replay());

        TestUser f = register("wsfz");
        TestUser a = register("wsfz");
        TestUser b = register("wsfz");
        long dm = direct(f, a);
        long group = createGroup(a, "Fuzzed", "public", List.of(f.id()));
        long closed = createGroup(b, "Closed", "private", List.of());
        long open = createGroup(b, "Open", "public", List.of());
        long after = direct(a, b);
        List<Long> own = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (long chat : List.of(dm, dm, group, group)) {
            own.add(num(send(f, chat, "mine " + own.size()).get("id")));
        }
        others.add(num(send(a, dm, "theirs").get("id")));
        others.add(num(send(a, group, "theirs too").get("id")));
        others.add(num(send(b, closed, "not yours").get("id")));
        Map<Long, Long> lastSeq = new TreeMap<>();
        Map<Long, Map<Long, Map<String, Object>>> before = new HashMap<>();
        for (long chat : List.of(dm, group, closed, open)) {
            TestUser viewer = chat == dm || chat == group ? a : b;
            lastSeq.put(chat, num(get(viewer, "/api/v1/chats/" + chat).get("lastSeq")));
            before.put(chat, messages(viewer, chat));
        }
        long readBase = readSeq(a, dm, f.id());

        Map<String, Object> asyncApi = new Yaml()
                .load(http.get()
                        .uri("/asyncapi.yaml")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody());
        Set<String> errorCodes = new HashSet<>(DocumentedCodes.webSocketErrors());
        errorCodes.remove("internal_error"); // a server fault, as a 500 is
        documented = new FuzzSocket.Documented(
                FrameCases.serverFrameTypes(asyncApi), errorCodes, DocumentedCodes.closeCodes());
        String expired = TestTokensAccess.issue(
                serverKey(),
                Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC),
                Duration.ofMinutes(15),
                f.id());
        FrameCases generator = new FrameCases(
                FrameCases.commands(asyncApi),
                new FrameCases.Fixture(
                        List.of(dm, dm, dm, group, group, closed, open),
                        own,
                        others,
                        f.accessToken(),
                        List.of(a.accessToken(), expired, "garbage")));
        assertThat(FrameCases.commands(asyncApi))
                .extracting(FrameCases.Command::type)
                .contains("send", "resume", "auth");

        long started = System.nanoTime();
        Map<String, Integer> closes = new TreeMap<>();
        FuzzSocket socket = null;
        try {
            for (int i = 0; i < cases && failures.size() < MAX_REPORTED; i++) {
                FrameCases.FrameCase c = generator.next(i, new Random(seed * 0x9E3779B97F4A7C15L + i));
                if (c.flood() > 0) {
                    flood(f, c);
                    continue;
                }
                if (socket == null || !socket.isOpen() || socket.commands + 2 > BUDGET) {
                    finish(socket);
                    socket = open(f.accessToken(), i);
                }
                socket.context(c.describe());
                if (c.expectClose() != 0) {
                    settle(socket);
                }
                track(c);
                socket.write(c.wire(), c.expectClose() == 0 ? 1 : 0);
                if (c.expectClose() != 0) {
                    while (socket.next() != null) {
                        // answers to earlier commands may come first
                    }
                    closes.merge(Integer.toString(socket.closeCode), 1, Integer::sum);
                    if (socket.closeCode != c.expectClose()) {
                        failures.add("closed with " + socket.closeCode + " '" + socket.closeReason + "' instead of "
                                + c.expectClose() + " after " + c.describe());
                    }
                    ledger.lost();
                    socket = null;
                    continue;
                }
                socket.command("{\"type\":\"ping\",\"id\":\"m" + i + "\"}");
                List<Map<String, Object>> answers = socket.until("m" + i);
                if (!socket.isOpen()) {
                    closes.merge(socket.closeCode + " unasked", 1, Integer::sum);
                    if (socket.closeCode != 4009) {
                        failures.add("closed with " + socket.closeCode + " '" + socket.closeReason
                                + "' though no close was called for, after " + c.describe());
                    }
                    ledger.lost();
                    socket = null;
                    continue;
                }
                String expected = expectedError(c);
                if (expected != null
                        && answers.stream()
                                .noneMatch(frame ->
                                        "error".equals(frame.get("type")) && expected.equals(frame.get("code")))) {
                    failures.add("no '" + expected + "' error for " + c.describe() + "; got " + answers);
                }
            }
            finish(socket);
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("FuzzWebSocketTest: " + cases + " frames in " + seconds + " s; closes: " + closes
                + "; acknowledged writes per chat: " + ledger.ackedPerChat());

        checkStored(a, b, lastSeq, before, List.of(dm, group), List.of(closed, open), f.id(), readBase);
        assertThat(failures).as(FuzzSettings.replay()).isEmpty();

        try (WsClient receiver = WsClient.live(port, b.accessToken(), Map.of());
                WsClient sender = WsClient.live(port, a.accessToken(), Map.of())) {
            sender.send(Map.of(
                    "type", "send", "id", "ok", "chatId", after, "text", "after the storm", "clientMsgId", "storm"));
            assertThat(sender.await("ack")).as(FuzzSettings.replay()).containsEntry("seq", 1);
            assertThat(map(receiver.await("message_created").get("message"))).containsEntry("text", "after the storm");
        }
    }

    private FuzzSocket open(String token, int i) throws Exception {
        FuzzSocket socket = new FuzzSocket(port, token, json, documented, failures::add, ledger::answered);
        if (i % 2 == 0) {
            socket.context("resuming");
            socket.command("{\"type\":\"resume\",\"id\":\"r" + i + "\",\"chats\":{}}");
            for (Map<String, Object> frame = socket.next(); frame != null; frame = socket.next()) {
                if ("resumed".equals(frame.get("type"))) {
                    break;
                }
            }
        }
        return socket;
    }

    /** A flood of pings on a connection of its own: pongs, then rate_limited errors, perhaps a 4009 close. */
    private void flood(TestUser f, FrameCases.FrameCase c) throws Exception {
        try (FuzzSocket socket =
                new FuzzSocket(port, f.accessToken(), json, documented, failures::add, ledger::answered)) {
            socket.context(c.describe());
            socket.write(c.wire(), c.flood());
            int pongs = 0;
            int refused = 0;
            while (pongs + refused < c.flood()) {
                Map<String, Object> frame = socket.next();
                if (frame == null) {
                    break;
                }
                if ("pong".equals(frame.get("type"))) {
                    pongs++;
                } else if ("error".equals(frame.get("type")) && "rate_limited".equals(frame.get("code"))) {
                    refused++;
                }
            }
            if (pongs == 0 || (socket.isOpen() ? refused == 0 : socket.closeCode != 4009)) {
                failures.add("a flood got " + pongs + " pongs, " + refused + " refusals, close " + socket.closeCode
                        + ": " + c.describe().substring(0, 60));
            }
        }
    }

    /** Tells the ledger of a message the server reads as a JSON object. */
    @SuppressWarnings("unchecked")
    private void track(FrameCases.FrameCase c) {
        JsonNode node = parsed(c);
        if (node != null && node.isObject()) {
            ledger.sent(c.describe(), node, json.convertValue(node, Map.class));
        }
    }

    /** The case's message as the server's JSON reader reads it; null when it is not one, or not JSON. */
    private JsonNode parsed(FrameCases.FrameCase c) {
        if (c.message() == null) {
            return null;
        }
        try {
            return json.readTree(new String(c.message(), StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Reads until every write sent on the socket is answered (or the socket closes). */
    private void settle(FuzzSocket socket) throws Exception {
        while (ledger.waiting() && socket.next() != null) {
            // answers come as the writes are stored
        }
    }

    private void finish(FuzzSocket socket) throws Exception {
        if (socket != null) {
            settle(socket);
            socket.close();
            ledger.lost();
        }
    }

    /**
     * Nothing refused was stored: the chats the fuzzer writes to hold what was acknowledged and
     * nothing else ({@link WriteLedger#check}); chats the fuzzer is not in did not move at all; the
     * read cursor is where the acknowledged reads left it.
     */
    private void checkStored(
            TestUser a,
            TestUser b,
            Map<Long, Long> lastSeq,
            Map<Long, Map<Long, Map<String, Object>>> before,
            List<Long> fuzzed,
            List<Long> foreign,
            long fuzzer,
            long readBase) {
        for (long chat : foreign) {
            long now = num(get(b, "/api/v1/chats/" + chat).get("lastSeq"));
            if (now != lastSeq.get(chat)) {
                failures.add("chat " + chat + ", which the fuzzer is not in, moved from seq " + lastSeq.get(chat)
                        + " to " + now);
            }
        }
        for (long chat : fuzzed) {
            long now = num(get(a, "/api/v1/chats/" + chat).get("lastSeq"));
            ledger.check(chat, lastSeq.get(chat), now, messages(a, chat).values(), before.get(chat));
        }
        long cursor = readSeq(a, fuzzed.get(0), fuzzer);
        Long expected = ledger.readSeq(fuzzed.get(0), readBase);
        if (expected != null && cursor != expected) {
            failures.add("the read cursor of chat " + fuzzed.get(0) + " is " + cursor
                    + "; the acknowledged reads left it at " + expected);
        }
    }

    /** The message's fault as the parser sees it first, when the test can tell: the error it must get. */
    private String expectedError(FrameCases.FrameCase c) {
        if (c.message() == null) {
            return null;
        }
        JsonNode node = parsed(c);
        if (node == null || !node.isObject()) {
            return "malformed_json";
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull() && (!id.isString() || id.asString().length() > 64)) {
            return "invalid_field";
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            return "missing_field";
        }
        if (!type.isString()) {
            return "invalid_field";
        }
        return CommandParserTypes.KNOWN.contains(type.asString()) ? null : "unknown_type";
    }

    private Map<Long, Map<String, Object>> messages(TestUser viewer, long chat) {
        Map<Long, Map<String, Object>> all = new TreeMap<>();
        long after = 0;
        while (true) {
            Map<String, Object> page = get(viewer, "/api/v1/chats/" + chat + "/messages?after=" + after + "&limit=100");
            for (Map<String, Object> m : items(page)) {
                all.put(num(m.get("id")), m);
                after = Math.max(after, num(m.get("seq")));
            }
            if (!Boolean.TRUE.equals(page.get("hasMore"))) {
                return all;
            }
        }
    }

    private long readSeq(TestUser viewer, long chat, long user) {
        return items(get(viewer, "/api/v1/chats/" + chat + "/members?limit=100")).stream()
                .filter(m -> num(map(m.get("user")).get("id")) == user)
                .mapToLong(m -> num(m.get("readSeq")))
                .findFirst()
                .orElse(-1);
    }

    private static byte[] serverKey() throws Exception {
        return Base64.getDecoder()
                .decode(Files.readString(ApiTest.dataDir().resolve("jwt-secret"), StandardCharsets.US_ASCII)
                        .strip());
    }

    /** The command types the server knows (its parser lists them for its error messages). */
    private static final class CommandParserTypes {
        static final Set<String> KNOWN = Set.of(dev.parley.server.realtime.protocol.CommandParser.TYPES.split(", "));
    }
}
