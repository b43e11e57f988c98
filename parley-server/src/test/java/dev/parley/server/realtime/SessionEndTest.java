package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.server.api.ApiTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Logging out ends the session now: its sockets close, its access tokens stop working; others go on. */
class SessionEndTest extends ApiTest {

    @Test
    void logoutClosesTheSessionsSocketsAndRefusesItsAccessTokensButNotAnotherSessions() throws Exception {
        TestUser laptop = register("end");
        TestUser phone = login(laptop); // the same user, a second login
        try (WsClient onLaptop = WsClient.live(port, laptop.accessToken(), Map.of());
                WsClient onPhone = WsClient.live(port, phone.accessToken(), Map.of())) {

            post(null, "/api/v1/auth/logout", Map.of("refreshToken", laptop.refreshToken()), 204);

            WsClient.Close close = onLaptop.awaitClose();
            assertThat(close.code()).isEqualTo(4003);
            assertThat(close.reason()).isEqualTo("session_ended");
            problem(laptop, HttpMethod.GET, "/api/v1/me", null, 401, "session_ended");
            assertThat(WsClient.connect(port, laptop.accessToken()).awaitClose().code())
                    .isEqualTo(4003);

            onPhone.send(Map.of("type", "ping", "id", "still"));
            assertThat(onPhone.await("pong")).containsEntry("id", "still");
            assertThat(get(phone, "/api/v1/me")).containsEntry("id", (int) phone.id());
        }
    }

    @Test
    void aTokenSignedWithTheServersKeyButAnotherIssuerOrNoSessionIsRefused() throws Exception {
        TestUser user = register("iss");
        byte[] key = Base64.getDecoder()
                .decode(Files.readString(ApiTest.dataDir().resolve("jwt-secret"), StandardCharsets.US_ASCII)
                        .strip());
        for (JWTClaimsSet.Builder claims : new JWTClaimsSet.Builder[] {
            new JWTClaimsSet.Builder().issuer("someone-else").claim("sid", "s"),
            new JWTClaimsSet.Builder().issuer("parley")
        }) {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.HS256),
                    claims.subject(Long.toString(user.id()))
                            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                            .build());
            jwt.sign(new MACSigner(key));
            http.get()
                    .uri("/api/v1/me")
                    .header("Authorization", "Bearer " + jwt.serialize())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(401)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("invalid_token");
        }
    }

    @Test
    void pagesOfAnotherSiteMayNotOpenASocketButTheServersOwnAndOriginlessClientsMay() throws Exception {
        TestUser user = register("origin");
        try (RawSocket evil = new RawSocket(port, user.accessToken(), "https://evil.example")) {
            String head = evil.head();
            assertThat(head).startsWith("HTTP/1.1 403").contains("application/problem+json");
        }
        try (RawSocket own = new RawSocket(port, user.accessToken(), "http://localhost:" + port)) {
            assertThat(own.head()).startsWith("HTTP/1.1 101");
        }
        try (RawSocket app = new RawSocket(port, user.accessToken(), null)) {
            assertThat(app.head()).startsWith("HTTP/1.1 101");
        }
    }
}
