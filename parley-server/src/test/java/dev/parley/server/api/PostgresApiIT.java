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
    void nulIsRefusedInEveryTextFieldNotTakenForAnOutage() {
        expectEveryTextFieldRefuses("\\u0000", true);
    }

    @Test
    void loneSurrogatesAreRefusedInEveryTextField() {
        expectEveryTextFieldRefuses("\\ud800", false);
    }
}
