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
