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
        properties = {"parley.auth.bcrypt-cost=4", "parley.db.sqlite-full-sync=false"})
public abstract class ApiTest extends ApiClient {

    static final Path DATA_DIR = tempDir();

    @LocalServerPort
    int port;

    protected WebTestClient http;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void bindClient() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
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
