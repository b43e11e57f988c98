package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyApplication;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Stopping the server tells every socket to go elsewhere (1001) at once, instead of waiting on them. */
class GracefulShutdownTest {

    @Test
    void shutdownClosesSocketsWithGoingAwayWithinTheTimeout() throws Exception {
        var app = new SpringApplicationBuilder(ParleyApplication.class)
                .run(
                        "--server.port=0",
                        "--parley.data-dir=" + Files.createTempDirectory("parley-shutdown"),
                        "--parley.auth.bcrypt-cost=4",
                        "--spring.lifecycle.timeout-per-shutdown-phase=10s");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        Map<?, ?> session = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/api/v1/auth/register")
                .bodyValue(Map.of("username", "leaving", "password", "long-enough"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        WsClient client = WsClient.live(port, (String) session.get("accessToken"), Map.of());

        long started = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(client.awaitClose().code()).isEqualTo(1001);
        assertThat(took).as("the open socket did not hold up the shutdown").isLessThan(Duration.ofSeconds(8));
    }
}
