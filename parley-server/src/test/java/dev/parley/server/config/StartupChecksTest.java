package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Configuration that cannot work stops the server at start-up, with a message naming what to fix. */
class StartupChecksTest {

    @TempDir
    Path data;

    private void start(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--parley.data-dir=" + Files.createDirectories(data.resolve("d"));
        all[2] = "--parley.auth.bcrypt-cost=4";
        System.arraycopy(args, 0, all, 3, args.length);
        new SpringApplicationBuilder(ParleyApplication.class).run(all).close();
    }

    @Test
    void anUnknownParleyKeyStopsStartUp() {
        assertThatThrownBy(() -> start("--parley.realtime.max-replayy=5"))
                .hasStackTraceContaining("parley.realtime.max-replayy");
    }

    @Test
    void aClusterOnSqliteIsRefused() {
        assertThatThrownBy(() -> start("--parley.redis.url=redis://127.0.0.1:6379", "--parley.auth.jwt-secret=x"))
                .hasStackTraceContaining("a cluster share one PostgreSQL");
    }

    @Test
    void aClusterWithoutASharedSigningKeyIsRefused() {
        assertThatThrownBy(() -> start(
                        "--parley.redis.url=redis://127.0.0.1:6379",
                        "--parley.db.url=jdbc:postgresql://127.0.0.1:5432/test"))
                .hasStackTraceContaining("parley.auth.jwt-secret");
    }

    @Test
    void knownKeysStartTheServerThoseReadBeforeBindingToo() throws Exception {
        start(
                "--parley.realtime.max-replay=5",
                "--parley.node-id=solo",
                "--parley.tracing.otlp-endpoint=http://127.0.0.1:1/v1/traces");
    }
}
