package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyApplication;
import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.TestPostgres;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The same server on PostgreSQL, chosen by configuration alone (parley.db.url). */
@RequiresPostgres
class PostgresApiIT extends ApiClient {

    private static final String SCHEMA = "api_" + UUID.randomUUID().toString().replace("-", "");
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        String url = TestPostgres.URL + (TestPostgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        app = new SpringApplicationBuilder(ParleyApplication.class)
                .run(
                        "--server.port=0",
                        "--parley.data-dir=" + Files.createTempDirectory("parley-pg-api"),
                        "--parley.db.url=" + url,
                        "--parley.db.user=" + TestPostgres.USER,
                        "--parley.db.password=" + TestPostgres.PASSWORD,
                        "--parley.auth.bcrypt-cost=4",
                        "--parley.auth.refresh-reuse-grace=0s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Override
    protected WebTestClient client() {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void theWholeMessagingFlowWorksOnPostgres() {
        TestUser alice = register("pga");
        TestUser bob = register("pgb");
        long chat = direct(alice, bob);
        long group = createGroup(alice, "PG group", "public", List.of());

        send(alice, chat, "hello postgres");
        Map<String, Object> reply = send(bob, chat, "full text works here");
        post(bob, "/api/v1/chats/" + group + "/join", null, 200);
        send(bob, group, "in the group");

        assertThat(items(get(alice, "/api/v1/chats/" + chat + "/messages")))
                .extracting(m -> m.get("seq"))
                .containsExactly(2, 1);
        assertThat(items(get(alice, "/api/v1/search/messages?q=text")))
                .extracting(m -> m.get("id"))
                .containsExactly(reply.get("id"));
        assertThat(items(get(alice, "/api/v1/chats")))
                .extracting(c -> num(c.get("id")))
                .containsExactly(group, chat);
        assertThat(items(get(alice, "/api/v1/chats")).get(1)).containsEntry("unreadCount", 1);
        problem(
                alice,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("text", "", "clientMsgId", "e"),
                400,
                "empty_text");
        TestUser rotated = user(post(null, "/api/v1/auth/refresh", Map.of("refreshToken", alice.refreshToken()), 200));
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/refresh",
                Map.of("refreshToken", alice.refreshToken()),
                401,
                "refresh_token_reused");
        // the reuse ended the whole login: the rotated session's access token is refused too
        problem(rotated, HttpMethod.GET, "/api/v1/me", null, 401, "session_ended");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filesAndReactionsWorkOnPostgres() {
        TestUser alice = register("pgf");
        TestUser bob = register("pgf");
        long chat = direct(alice, bob);
        String upload = new String(
                        client().post()
                                .uri("/api/v1/chats/" + chat + "/uploads?name=minutes-2026.txt")
                                .header("Authorization", "Bearer " + alice.accessToken())
                                .contentType(org.springframework.http.MediaType.APPLICATION_OCTET_STREAM)
                                .bodyValue("the minutes".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .exchange()
                                .expectStatus()
                                .isCreated()
                                .expectBody()
                                .returnResult()
                                .getResponseBody(),
                        java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
        Map<String, Object> sent = post(
                alice,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", "f1", "attachments", List.of(upload)),
                201);
        String url = (String)
                ((List<Map<String, Object>>) sent.get("attachments")).get(0).get("url");
        byte[] file = download(url);
        assertThat(new String(file, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("the minutes");
        assertThat(items(get(bob, "/api/v1/search/messages?q=minutes")))
                .extracting(m -> m.get("id"))
                .containsExactly(sent.get("id"));

        String path = "/api/v1/chats/" + chat + "/messages/" + sent.get("id");
        assertThat(call(bob, HttpMethod.PUT, path + "/reactions/👍", null, 200)).containsEntry("seq", 2);
        assertThat(get(alice, path).get("reactions"))
                .isEqualTo(List.of(Map.of("emoji", "👍", "count", 1, "mine", false)));

        call(alice, HttpMethod.DELETE, path, null, 204);
        assertThat(get(bob, path)).containsEntry("attachments", List.of()).containsEntry("reactions", List.of());
        client().get().uri(url).exchange().expectStatus().isNotFound();
    }

    @Test
    void nulIsRefusedInEveryTextFieldNotTakenForAnOutage() {
        expectEveryTextFieldRefuses("\\u0000", true);
    }

    @Test
    void loneSurrogatesAreRefusedInEveryTextField() {
        expectEveryTextFieldRefuses("\\ud800", false);
    }
}
