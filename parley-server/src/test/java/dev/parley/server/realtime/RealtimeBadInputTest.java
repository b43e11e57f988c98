package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.TestTokensAccess;
import dev.parley.server.api.ApiTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeBadInputTest extends ApiTest {

    @Test
    void missingForgedAndExpiredTokensAreClosedWithTheirCodes() throws Exception {
        TestUser user = register("wstok");
        assertThat(WsClient.connect(port, null).awaitClose().code()).isEqualTo(4001);
        assertThat(WsClient.connect(port, "garbage").awaitClose().code()).isEqualTo(4002);
        String forged = TestTokensAccess.issue(new byte[32], Clock.systemUTC(), Duration.ofMinutes(5), user.id());
        assertThat(WsClient.connect(port, forged).awaitClose().code()).isEqualTo(4002);
        String expired = TestTokensAccess.issue(
                serverKey(),
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC),
                Duration.ofMinutes(15),
                user.id());
        WsClient.Close close = WsClient.connect(port, expired).awaitClose();
        assertThat(close.code()).isEqualTo(4003);
        assertThat(close.reason()).isEqualTo("token_expired");
    }

    @Test
    void aTokenExpiringWhileConnectedClosesTheSocketUnlessRenewed() throws Exception {
        TestUser user = register("renew");
        TestUser other = register("renew");
        String shortLived = TestTokensAccess.issue(serverKey(), Clock.systemUTC(), Duration.ofSeconds(2), user.id());
        try (WsClient renewed = WsClient.connect(port, shortLived);
                WsClient lapsed = WsClient.connect(port, shortLived)) {
            renewed.await("ready");
            lapsed.await("ready");
            renewed.send(Map.of("type", "auth", "id", "a1", "token", user.accessToken()));
            assertThat(renewed.await("ack")).containsEntry("id", "a1");
            renewed.send(Map.of("type", "auth", "id", "a2", "token", other.accessToken()));
            assertThat(renewed.await("error")).containsEntry("id", "a2").containsEntry("code", "invalid_token");

            assertThat(lapsed.awaitClose().code()).isEqualTo(4003);
            renewed.send(Map.of("type", "ping", "id", "p"));
            assertThat(renewed.await("pong")).containsEntry("id", "p");
            assertThat(renewed.isClosed()).isFalse();
        }
    }

    @Test
    void anIncompleteHandshakeIsRefusedWithAProblemNotADroppedConnection() throws Exception {
        String upgrade = "Upgrade: websocket\r\n";
        String connection = "Connection: Upgrade\r\n";
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        String version = "Sec-WebSocket-Version: 13\r\n";
        for (String headers : List.of(
                connection + key + version,
                upgrade + key + version,
                upgrade + "Connection: keep-alive\r\n" + key + version,
                upgrade + connection + version,
                upgrade + connection + "Sec-WebSocket-Key: \r\n" + version,
                upgrade + connection + key,
                upgrade + connection + key + "Sec-WebSocket-Version: 99\r\n")) {
            String answer = rawHttp("GET /ws HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n");
            assertThat(answer)
                    .as(headers)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/problem+json", "\"code\":\"websocket_required\"")
                    .containsIgnoringCase("sec-websocket-version: 13");
        }
    }

    private String rawHttp(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionCarriesOn() {
        TestUser user = register("frames");
        TestUser other = register("frames");
        long foreign = createGroup(other, "Not yours", "private", List.of());
        try (WsClient ws = WsClient.live(port, user.accessToken(), Map.of())) {
            ws.sendText("{not json");
            assertThat(ws.await("error")).containsEntry("code", "malformed_json");
            ws.sendText("[1,2]");
            assertThat(ws.await("error")).containsEntry("code", "malformed_json");
            ws.send(Map.of("type", "teleport", "id", "t1"));
            assertThat(ws.await("error")).containsEntry("code", "unknown_type").containsEntry("id", "t1");
            ws.send(Map.of("id", "t2"));
            assertThat(ws.await("error")).containsEntry("code", "missing_field").containsEntry("id", "t2");
            ws.send(Map.of("type", "send", "id", "t3", "chatId", foreign, "text", "hi"));
            assertThat(ws.await("error")).containsEntry("code", "missing_field").containsEntry("id", "t3");
            ws.send(Map.of("type", "send", "id", "t4", "chatId", "abc", "text", "hi", "clientMsgId", "x"));
            assertThat(ws.await("error")).containsEntry("code", "invalid_field");
            ws.send(Map.of("type", "send", "id", "t5", "chatId", foreign, "text", "hi", "clientMsgId", "x"));
            assertThat(ws.await("error"))
                    .containsEntry("code", "chat_not_found")
                    .containsEntry("id", "t5");
            ws.send(Map.of("type", "send", "id", "t6", "chatId", foreign, "text", " ", "clientMsgId", "x"));
            assertThat(ws.await("error")).containsEntry("code", "empty_text");
            ws.send(Map.of("type", "typing", "chatId", foreign));
            assertThat(ws.await("error")).containsEntry("code", "not_a_member");
            ws.send(Map.of("type", "resume", "id", "again", "chats", Map.of()));
            assertThat(ws.await("error")).containsEntry("code", "already_resumed");

            ws.send(Map.of("type", "ping", "id", "still-alive"));
            assertThat(ws.await("pong")).containsEntry("id", "still-alive");
        }
    }

    @Test
    void aResumeWithASeqPastEveryLongIsRefusedAndTheConnectionCarriesOn() {
        TestUser user = register("seqs");
        try (WsClient ws = WsClient.connect(port, user.accessToken())) {
            ws.await("ready");
            for (String seq : List.of("9223372036854775808", "-9223372036854775809", "1e400", "1.5")) {
                ws.sendText("{\"type\":\"resume\",\"id\":\"r\",\"chats\":{\"1\":" + seq + "}}");
                assertThat(ws.await("error")).as(seq).containsEntry("id", "r").containsEntry("code", "invalid_field");
            }
            ws.send(Map.of("type", "resume", "id", "ok", "chats", Map.of()));
            assertThat(ws.await("resumed")).containsEntry("id", "ok");
        }
    }

    @Test
    void binaryAndOversizedFramesCloseTheConnectionWithTheirCodes() {
        TestUser user = register("close");
        try (WsClient binary = WsClient.live(port, user.accessToken(), Map.of())) {
            binary.sendBinary(new byte[] {1, 2, 3});
            assertThat(binary.awaitClose().code()).isEqualTo(1003);
        }
        try (WsClient big = WsClient.live(port, user.accessToken(), Map.of())) {
            big.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
            WsClient.Close close = big.awaitClose();
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.reason()).contains("the limit is 65536");
        }
    }

    @Test
    void aFloodIsRateLimitedThenClosed() {
        TestUser user = register("flood");
        try (WsClient ws = WsClient.live(port, user.accessToken(), Map.of())) {
            // one command at a time, each answered, as fast as the round trip allows: a burst of 40
            // passes, then refusals; more than 40 refusals within a second close the connection
            List<Object> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 300 && !ws.isClosed(); i++) {
                ws.send(Map.of("type", "ping", "id", "p" + i));
                Map<String, Object> answer = ws.nextOrClose();
                if (answer != null) {
                    answers.add(answer.get("type") + ":" + answer.get("code"));
                }
            }
            WsClient.Close close = ws.awaitClose();
            assertThat(close.code()).isEqualTo(4009);
            assertThat(close.reason()).isEqualTo("rate_limited");
            assertThat(answers).contains("pong:null", "error:rate_limited");
            assertThat(answers.size()).isLessThan(300);
        }
    }

    private static byte[] serverKey() throws Exception {
        return Base64.getDecoder()
                .decode(Files.readString(ApiTest.dataDir().resolve("jwt-secret"), StandardCharsets.US_ASCII)
                        .strip());
    }
}
