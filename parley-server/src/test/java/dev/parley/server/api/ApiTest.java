package dev.parley.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the REST API tests: one real server on a random port over a throw-away SQLite data
 * directory (shared by all API test classes), exercised through real HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "parley.auth.bcrypt-cost=4",
            "parley.auth.refresh-reuse-grace=1s",
            // every test user registers from 127.0.0.1, and some tests write fast: LimitsApiTest
            // checks the limits on a server of its own
            "parley.auth.registrations-per-address=1000000/1m",
            "parley.auth.login-attempts-per-address=1000000/1m",
            "parley.auth.refreshes-per-address=1000000/1m",
            "parley.limits.writes-per-second=1000000",
            "parley.limits.write-burst=1000000",
            "parley.db.sqlite-full-sync=false",
            "parley.realtime.outbound-queue=256KB",
            "parley.realtime.max-replay=50",
            "parley.realtime.gap-timeout=200ms",
            "parley.realtime.presence-grace=700ms",
            "parley.realtime.ping-interval=500ms",
            "parley.realtime.idle-timeout=3s",
            "parley.realtime.max-pending-sends=8"
        })
public abstract class ApiTest extends ApiClient {

    static final Path DATA_DIR = tempDir();

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void bindClient() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    /** The server's data directory (it holds the generated signing key). */
    public static Path dataDir() {
        return DATA_DIR;
    }

    @Override
    protected WebTestClient client() {
        return http;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("parley-api-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
