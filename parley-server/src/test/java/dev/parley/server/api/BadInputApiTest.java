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
}
