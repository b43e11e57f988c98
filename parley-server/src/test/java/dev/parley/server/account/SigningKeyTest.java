package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesAKeyOnceAndKeepsItAcrossRestarts() throws Exception {
        byte[] first = SigningKey.resolve(null, dataDir);
        byte[] afterRestart = SigningKey.resolve("", dataDir);

        assertThat(first).hasSize(32).isEqualTo(afterRestart);
        assertThat(Files.readString(dataDir.resolve(SigningKey.FILE)))
                .isEqualTo(Base64.getEncoder().encodeToString(first));
    }

    @Test
    void theConfiguredSecretWinsAndNoFileIsWritten() {
        byte[] secret = new byte[48];
        secret[0] = 7;

        assertThat(SigningKey.resolve(Base64.getEncoder().encodeToString(secret), dataDir))
                .isEqualTo(secret);
        assertThat(dataDir.resolve(SigningKey.FILE)).doesNotExist();
    }

    @Test
    void refusesAShortOrMalformedSecret() {
        assertThatThrownBy(() -> SigningKey.resolve(Base64.getEncoder().encodeToString(new byte[16]), dataDir))
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SigningKey.resolve("***", dataDir)).hasMessageContaining("not valid base64");
    }

    @Test
    void tokensSignedBeforeARestartStayValid() {
        byte[] key = SigningKey.resolve(null, dataDir);
        String token = new JwtAccessTokens(
                        key,
                        java.time.Clock.systemUTC(),
                        java.time.Duration.ofMinutes(5),
                        new EndedSessions(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)))
                .issue(42, "s");

        JwtAccessTokens afterRestart = new JwtAccessTokens(
                SigningKey.resolve(null, dataDir),
                java.time.Clock.systemUTC(),
                java.time.Duration.ofMinutes(5),
                new EndedSessions(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));

        assertThat(afterRestart.verify(token).userId()).isEqualTo(42);
    }
}
