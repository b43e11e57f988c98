package dev.parley.server.api;

import dev.parley.server.account.TestTokensAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessTokenApiTest extends ApiTest {

    @Test
    void missingMalformedForgedAndExpiredTokensAreEachRefusedWithTheirCode() throws Exception {
        TestUser user = register("tok");
        problem(null, HttpMethod.GET, "/api/v1/me", null, 401, "unauthenticated");
        problem(as("not-a-jwt"), HttpMethod.GET, "/api/v1/me", null, 401, "invalid_token");

        byte[] otherKey = new byte[32];
        String forged = TestTokensAccess.issue(otherKey, Clock.systemUTC(), Duration.ofMinutes(5), user.id());
        problem(as(forged), HttpMethod.GET, "/api/v1/me", null, 401, "invalid_token");

        byte[] serverKey = Base64.getDecoder()
                .decode(Files.readString(DATA_DIR.resolve("jwt-secret"), StandardCharsets.US_ASCII)
                        .strip());
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = TestTokensAccess.issue(serverKey, anHourAgo, Duration.ofMinutes(15), user.id());
        problem(as(expired), HttpMethod.GET, "/api/v1/me", null, 401, "token_expired");

        String valid = TestTokensAccess.issue(serverKey, Clock.systemUTC(), Duration.ofMinutes(15), user.id());
        get(as(valid), "/api/v1/me");
    }

    @Test
    void aBearerHeaderOfAnotherSchemeIsRefused() {
        http.get()
                .uri("/api/v1/me")
                .header("Authorization", "Basic abc")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_token");
    }

    private static TestUser as(String token) {
        return new TestUser(0, "x", token, null);
    }
}
