package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers for talking to a running Parley over real HTTP, as a client application would. */
public abstract class ApiClient {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    /** The client bound to the server under test. */
    protected abstract WebTestClient client();

    protected static String uniqueName(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet() + "_"
                + ProcessHandle.current().pid() % 1000;
    }

    /** A registered user with a session. */
    protected record TestUser(long id, String username, String accessToken, String refreshToken) {}

    protected TestUser register(String prefix) {
        String name = uniqueName(prefix);
        Map<String, Object> session = call(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", name, "password", "password-" + name, "displayName", "Display " + name),
                201);
        return user(session);
    }

    /** A new session of a user {@link #register}ed. */
    protected TestUser login(TestUser user) {
        return user(call(
                null,
                HttpMethod.POST,
                "/api/v1/auth/login",
                Map.of("username", user.username(), "password", "password-" + user.username()),
                200));
    }

    protected static TestUser user(Map<String, Object> session) {
        Map<String, Object> user = map(session.get("user"));
        return new TestUser(
                num(user.get("id")), (String) user.get("username"), (String) session.get("accessToken"), (String)
                        session.get("refreshToken"));
    }

    /** A request as {@code as} (anonymous when null), with a JSON body when one is given. */
    protected WebTestClient.RequestHeadersSpec<?> request(TestUser as, HttpMethod method, String path, Object body) {
        WebTestClient.RequestBodySpec spec = client().method(method).uri(path);
        if (as != null) {
            spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + as.accessToken());
        }
        return body == null
                ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    /** Sends a request and checks the status; answers the JSON body (null when empty). */
    protected Map<String, Object> call(TestUser as, HttpMethod method, String path, Object body, int status) {
        WebTestClient.RequestHeadersSpec<?> ready = request(as, method, path, body);
        EntityExchangeResult<Map<String, Object>> result = ready.exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JSON)
                .returnResult();
        return result.getResponseBody();
    }

    protected Map<String, Object> get(TestUser as, String path) {
        return call(as, HttpMethod.GET, path, null, 200);
    }

    protected Map<String, Object> post(TestUser as, String path, Object body, int status) {
        return call(as, HttpMethod.POST, path, body, status);
    }

    /** Sends a request that must fail with a problem+json of this status and code; answers the problem. */
    protected Map<String, Object> problem(
            TestUser as, HttpMethod method, String path, Object body, int status, String code) {
        WebTestClient.RequestHeadersSpec<?> ready = request(as, method, path, body);
        Map<String, Object> problem = ready.exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(problem).containsEntry("code", code).containsEntry("status", status);
        assertThat((String) problem.get("detail")).isNotBlank();
        return problem;
    }

    protected long createGroup(TestUser owner, String title, String visibility, List<Long> memberIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("visibility", visibility);
        body.put("memberIds", memberIds);
        return num(post(owner, "/api/v1/chats", body, 201).get("id"));
    }

    protected long direct(TestUser a, TestUser b) {
        return num(
                post(a, "/api/v1/chats/direct", Map.of("userId", b.id()), 200).get("id"));
    }

    protected Map<String, Object> send(TestUser as, long chatId, String text) {
        return post(
                as, "/api/v1/chats/" + chatId + "/messages", Map.of("text", text, "clientMsgId", uniqueName("m")), 201);
    }

    /**
     * Sends {@code bad} (a JSON string escape such as {@code \\u0000} or {@code \\ud800}) inside
     * every text field of the API, one at a time, and expects each request refused with {@code 400
     * invalid_text}; with {@code inQueries}, also as a query parameter ({@code %00}).
     */
    protected void expectEveryTextFieldRefuses(String bad, boolean inQueries) {
        TestUser a = register("txt");
        long chat = createGroup(a, "Text fields", "public", List.of());
        long message = num(send(a, chat, "to edit").get("id"));
        String v = "\"a" + bad + "b\"";
        String msgs = "/api/v1/chats/" + chat + "/messages";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("/api/v1/auth/register username", "{\"username\":" + v + ",\"password\":\"long-enough\"}");
        bodies.put(
                "/api/v1/auth/register password",
                "{\"username\":\"" + uniqueName("t") + "\",\"password\":\"long" + bad + "enough\"}");
        bodies.put(
                "/api/v1/auth/register displayName",
                "{\"username\":\"" + uniqueName("t") + "\",\"password\":\"long-enough\",\"displayName\":" + v + "}");
        bodies.put("/api/v1/auth/login username", "{\"username\":" + v + ",\"password\":\"long-enough\"}");
        bodies.put("/api/v1/auth/login password", "{\"username\":\"" + a.username() + "\",\"password\":" + v + "}");
        bodies.put("/api/v1/auth/refresh refreshToken", "{\"refreshToken\":" + v + "}");
        bodies.put("/api/v1/auth/logout refreshToken", "{\"refreshToken\":" + v + "}");
        bodies.put("/api/v1/chats title", "{\"title\":" + v + ",\"visibility\":\"public\"}");
        bodies.put(msgs + " text", "{\"text\":" + v + ",\"clientMsgId\":\"" + uniqueName("m") + "\"}");
        bodies.put(msgs + " clientMsgId", "{\"text\":\"hi\",\"clientMsgId\":" + v + "}");
        bodies.forEach((target, json) -> {
            String path = target.substring(0, target.indexOf(' '));
            expectInvalidText(target, request(a, HttpMethod.POST, path, utf8(json)));
        });
        expectInvalidText(
                "PATCH /me displayName",
                request(a, HttpMethod.PATCH, "/api/v1/me", utf8("{\"displayName\":" + v + "}")));
        expectInvalidText(
                "PATCH message text", request(a, HttpMethod.PATCH, msgs + "/" + message, utf8("{\"text\":" + v + "}")));
        if (inQueries) {
            for (String query : List.of(
                    "/api/v1/users?q=a%00b", "/api/v1/chats/search?q=a%00b", "/api/v1/search/messages?q=a%00b")) {
                expectInvalidText(
                        query,
                        client().get()
                                .uri(base -> java.net.URI.create(base.build() + query))
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + a.accessToken()));
            }
        }
        assertThat(items(get(a, msgs))).extracting(m -> m.get("text")).containsExactly("to edit");
    }

    /** The bytes at {@code uri} (a signed file link, say), fetched without a token; 200 expected. */
    protected byte[] download(String uri) {
        return client().get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
    }

    private static byte[] utf8(String json) {
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void expectInvalidText(String target, WebTestClient.RequestHeadersSpec<?> request) {
        Map<String, Object> problem = request.exchange()
                .expectStatus()
                .value(status -> assertThat(status).as(target).isEqualTo(400))
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(problem).as(target).containsEntry("code", "invalid_text");
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    protected static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    protected static long num(Object value) {
        return ((Number) value).longValue();
    }
}
