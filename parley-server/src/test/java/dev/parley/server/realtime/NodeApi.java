package dev.parley.server.realtime;

import dev.parley.server.api.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One server's REST API (a node's, or a load balancer's in front of several), and live sockets to it. */
final class NodeApi extends ApiClient {

    record User(TestUser session) {
        long id() {
            return session.id();
        }

        String accessToken() {
            return session.accessToken();
        }

        String refreshToken() {
            return session.refreshToken();
        }
    }

    private final int port;
    private final WebTestClient client;

    NodeApi(int port) {
        this.port = port;
        this.client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    protected WebTestClient client() {
        return client;
    }

    User user(String prefix) {
        return new User(register(prefix));
    }

    private static TestUser as(User u) {
        return u.session();
    }

    long group(User owner, List<User> members) {
        return createGroup(
                as(owner),
                "Across nodes",
                "private",
                members.stream().map(User::id).toList());
    }

    long direct(User one, User other) {
        return direct(as(one), as(other));
    }

    void send(User as, long chat, String text) {
        send(as(as), chat, text);
    }

    Map<String, Object> get(User as, String path) {
        return get(as(as), path);
    }

    Map<String, Object> post(User as, String path, Object body, int status) {
        return post(as(as), path, body, status);
    }

    void refused(User as, String path, String code) {
        problem(as(as), org.springframework.http.HttpMethod.GET, path, null, 401, code);
    }

    List<Map<String, Object>> list(Map<String, Object> page) {
        return items(page);
    }

    WsClient live(User user) {
        return WsClient.live(port, user.accessToken(), Map.of());
    }
}
