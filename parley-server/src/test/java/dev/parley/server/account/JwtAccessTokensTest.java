package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.testing.TickingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A token verified once is remembered, but never past its expiry or its session's end. */
class JwtAccessTokensTest {

    private static final Duration TTL = Duration.ofMinutes(15);

    private final TickingClock clock = new TickingClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final EndedSessions ended = new EndedSessions(clock, TTL);
    private final JwtAccessTokens tokens = new JwtAccessTokens(new byte[32], clock, TTL, ended);

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = tokens.issue(7, "s1");
        assertThat(tokens.verify(token).userId()).isEqualTo(7);
        assertThat(tokens.verify(token).userId()).isEqualTo(7);

        clock.advance(TTL);
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.code()).isEqualTo("token_expired"));
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsSessionEnds() {
        String token = tokens.issue(7, "s1");
        tokens.verify(token);

        ended.end("s1");
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.code()).isEqualTo("session_ended"));
    }

    @Test
    void aTokenDifferingByOneCharacterFromARememberedOneIsCheckedAfresh() {
        String token = tokens.issue(7, "s1");
        tokens.verify(token);
        int signature = token.lastIndexOf('.') + 1; // its first character carries 6 bits of the MAC
        char first = token.charAt(signature);
        String altered = token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);

        assertThatThrownBy(() -> tokens.verify(altered))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.code()).isEqualTo("invalid_token"));
    }
}
