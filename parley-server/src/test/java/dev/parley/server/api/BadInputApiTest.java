package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every kind of bad request gets its own clear 4xx problem, and nothing stored is harmed. */
class BadInputApiTest extends ApiTest {

    private WebTestClient.ResponseSpec raw(TestUser as, String path, MediaType type, byte[] body) {
        return http.post()
                .uri(path)
                .header("Authorization", "Bearer " + as.accessToken())
                .contentType(type)
                .bodyValue(body)
                .exchange();
    }

    private void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.detail")
                .isNotEmpty();
    }

    @Test
    void malformedJsonIsRefused() {
        TestUser a = register("bad");
        expectProblem(
                raw(a, "/api/v1/chats", MediaType.APPLICATION_JSON, "{\"title\": ".getBytes(StandardCharsets.UTF_8)),
                400,
                "malformed_json");
        expectProblem(
                raw(a, "/api/v1/chats", MediaType.APPLICATION_JSON, "[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                400,
                "malformed_json");
    }

    @Test
    void fieldsOfTheWrongTypeAreNamed() {
        TestUser a = register("type");
        long chat = createGroup(a, "Typed", "private", List.of());
        Map<String, Object> problem = problem(
                a, HttpMethod.POST, "/api/v1/chats/" + chat + "/read", Map.of("seq", "five"), 400, "invalid_field");
        assertThat((String) problem.get("detail")).contains("seq");
        problem(
                a,
                HttpMethod.POST,
                "/api/v1/chats",
                Map.of("title", "T", "visibility", "public", "memberIds", "all"),
                400,
                "invalid_field");
        problem(a, HttpMethod.GET, "/api/v1/chats/abc", null, 400, "invalid_parameter");
        problem(a, HttpMethod.GET, "/api/v1/chats/" + chat + "/messages?limit=lots", null, 400, "invalid_parameter");
    }

    @Test
    void scalarsOfTheWrongJsonTypeAreRefusedNotConverted() {
        TestUser a = register("coerce");
        TestUser b = register("coerce");
        long chat = createGroup(a, "Strict", "private", List.of());
        String chats = "/api/v1/chats";
        List<String[]> refused = new java.util.ArrayList<>();
        refused.add(new String[] {chats, "title", "{\"title\":true,\"visibility\":\"public\"}"});
        refused.add(new String[] {chats, "title", "{\"title\":12,\"visibility\":\"public\"}"});
        refused.add(new String[] {chats, "visibility", "{\"title\":\"t\",\"visibility\":1}"});
        refused.add(
                new String[] {chats, "memberIds", "{\"title\":\"t\",\"visibility\":\"public\",\"memberIds\":[1.5]}"});
        refused.add(
                new String[] {chats, "memberIds", "{\"title\":\"t\",\"visibility\":\"public\",\"memberIds\":[\"2\"]}"});
        refused.add(new String[] {chats + "/" + chat + "/read", "seq", "{\"seq\":1.5}"});
        refused.add(new String[] {chats + "/" + chat + "/read", "seq", "{\"seq\":\"1\"}"});
        refused.add(new String[] {chats + "/" + chat + "/read", "seq", "{\"seq\":true}"});
        refused.add(new String[] {chats + "/" + chat + "/members", "userId", "{\"userId\":" + a.id() + ".5}"});
        refused.add(new String[] {chats + "/direct", "userId", "{\"userId\":\"" + b.id() + "\"}"});
        refused.add(new String[] {chats + "/" + chat + "/messages", "text", "{\"text\":5,\"clientMsgId\":\"c1\"}"});
        refused.add(
                new String[] {chats + "/" + chat + "/messages", "clientMsgId", "{\"text\":\"t\",\"clientMsgId\":7}"});
        refused.add(new String[] {
            chats + "/" + chat + "/messages", "replyTo", "{\"text\":\"t\",\"clientMsgId\":\"c2\",\"replyTo\":\"1\"}"
        });
        refused.add(new String[] {
            "/api/v1/auth/register", "password", "{\"username\":\"" + uniqueName("n") + "\",\"password\":12345678}"
        });
        refused.add(
                new String[] {"/api/v1/auth/register", "username", "{\"username\":12345,\"password\":\"long-enough\"}"
                });
        for (String[] request : refused) {
            String path = request[0];
            String field = request[1];
            String json = request[2];
            raw(a, path, MediaType.APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("invalid_field")
                    .jsonPath("$.detail")
                    .value(String.class, detail -> assertThat(detail).as(json).contains(field));
        }
        assertThat(items(get(a, chats))).extracting(c -> c.get("title")).containsExactly("Strict");
        assertThat(items(get(a, chats + "/" + chat + "/messages"))).isEmpty();
    }

    @Test
    void overlongAndSurrogateUtf8EncodingsAreRefused() {
        TestUser a = register("overlong");
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF}, // '/' in two bytes
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // '/' in three bytes
            {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // '/' in four bytes
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // U+D800, a surrogate, encoded
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80} // past U+10FFFF
        };
        // a declared charset changes nothing: JSON bodies are UTF-8
        List<MediaType> types = List.of(
                MediaType.APPLICATION_JSON,
                MediaType.parseMediaType("application/json;charset=ISO-8859-1"),
                MediaType.parseMediaType("application/json;charset=UTF-16"),
                MediaType.parseMediaType("application/json;charset=US-ASCII"));
        for (byte[] sequence : bad) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes("{\"title\":\"a".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(sequence);
            body.writeBytes("b\",\"visibility\":\"public\"}".getBytes(StandardCharsets.UTF_8));
            for (MediaType type : types) {
                expectProblem(raw(a, "/api/v1/chats", type, body.toByteArray()), 400, "invalid_utf8");
            }
        }
        assertThat(items(get(a, "/api/v1/chats"))).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsMalformedWhetherObjectsOrArrays() {
        TestUser a = register("deep");
        String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        for (String body : List.of(objects, "{\"colour\":" + objects + "}", arrays)) {
            expectProblem(
                    raw(a, "/api/v1/chats", MediaType.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8)),
                    400,
                    "malformed_json");
        }
    }

    @Test
    void invalidUtf8IsRefused() {
        TestUser a = register("utf");
        byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        expectProblem(raw(a, "/api/v1/chats", MediaType.APPLICATION_JSON, body), 400, "invalid_utf8");
    }

    @Test
    void oversizedBodiesAreRefusedWhetherDeclaredOrStreamed() {
        TestUser a = register("big");
        byte[] big = ("{\"title\":\"" + "x".repeat(70_000) + "\",\"visibility\":\"public\"}")
                .getBytes(StandardCharsets.UTF_8);
        expectProblem(raw(a, "/api/v1/chats", MediaType.APPLICATION_JSON, big), 413, "body_too_large");

        var streamed = http.post()
                .uri("/api/v1/chats")
                .header("Authorization", "Bearer " + a.accessToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body(
                        reactor.core.publisher.Flux.just(big)
                                .map(b -> new org.springframework.core.io.buffer.DefaultDataBufferFactory().wrap(b)),
                        org.springframework.core.io.buffer.DataBuffer.class)
                .exchange();
        expectProblem(streamed, 413, "body_too_large");
    }

    @Test
    void missingBodiesContentTypesAndEndpointsAreExplained() {
        TestUser a = register("miss");
        http.post()
                .uri("/api/v1/chats")
                .header("Authorization", "Bearer " + a.accessToken())
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing_body");
        expectProblem(
                raw(a, "/api/v1/chats", MediaType.TEXT_PLAIN, "hi".getBytes(StandardCharsets.UTF_8)),
                415,
                "unsupported_media_type");
        problem(a, HttpMethod.GET, "/api/v1/no-such-thing", null, 404, "not_found");
        problem(a, HttpMethod.DELETE, "/api/v1/chats", null, 405, "method_not_allowed");
    }

    @Test
    void nulIsRefusedInEveryTextField() {
        expectEveryTextFieldRefuses("\\u0000", true);
    }

    @Test
    void loneSurrogatesAreRefusedInEveryTextField() {
        expectEveryTextFieldRefuses("\\ud800", false);
        expectEveryTextFieldRefuses("\\udc00", false);
    }

    @Test
    void unknownFieldsAreIgnored() {
        TestUser a = register("fwd");
        Map<String, Object> chat =
                post(a, "/api/v1/chats", Map.of("title", "Future", "visibility", "public", "colour", "blue"), 201);
        assertThat(chat).containsEntry("title", "Future");
    }

    @Test
    void badRequestsLeaveStoredMessagesIntact() {
        TestUser a = register("safe");
        TestUser b = register("safe");
        long chat = direct(a, b);
        send(a, chat, "keep me");
        String path = "/api/v1/chats/" + chat + "/messages";

        raw(a, path, MediaType.APPLICATION_JSON, "{\"text\":".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isBadRequest();
        raw(
                        a,
                        path,
                        MediaType.APPLICATION_JSON,
                        "{\"text\":{\"$gt\":1},\"clientMsgId\":1}".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isBadRequest();
        problem(a, HttpMethod.PATCH, path + "/0", Map.of("text", "x"), 404, "message_not_found");
        problem(a, HttpMethod.DELETE, path + "/-1", null, 404, "message_not_found");

        assertThat(items(get(b, path))).extracting(m -> m.get("text")).containsExactly("keep me");
    }

    @Test
    void aWriteWhoseAcceptRulesOutJsonIsRefusedBeforeItRuns() {
        TestUser a = register("accept");
        long chat = createGroup(a, "Accept", "private", List.of());
        for (String accept : List.of("application/xml", "text/html", "application/json;q=0", "garbage")) {
            expectProblem(
                    http.post()
                            .uri("/api/v1/chats/" + chat + "/messages")
                            .header("Authorization", "Bearer " + a.accessToken())
                            .header("Accept", accept)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("text", "not stored", "clientMsgId", "accept-" + accept))
                            .exchange(),
                    406,
                    "not_acceptable");
        }
        assertThat(items(get(a, "/api/v1/chats/" + chat + "/messages"))).isEmpty();
        http.get()
                .uri("/api/v1/chats/" + chat)
                .header("Authorization", "Bearer " + a.accessToken())
                .header("Accept", "text/html, application/*;q=0.5")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
