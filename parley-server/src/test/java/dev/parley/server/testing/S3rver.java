package dev.parley.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * s3rver, an S3-compatible server in Node.js (npm package {@code s3rver}), on a free port over a
 * directory of the test's own, with one bucket. It accepts any credentials and checks signatures
 * for form, not secret, so the tests show the S3 store speaks S3, not that AWS would sign it in.
 * {@code .ci/run} installs it with npm into {@code ~/.cache/parley-s3rver}; {@code PARLEY_S3RVER}
 * names another binary.
 */
public final class S3rver implements AutoCloseable {

    public static final String BINARY = System.getenv()
            .getOrDefault(
                    "PARLEY_S3RVER",
                    System.getProperty("user.home") + "/.cache/parley-s3rver/node_modules/.bin/s3rver");

    private final Process process;
    private final int port;

    public S3rver(Path dir, String bucket) throws Exception {
        this.port = ProcessCluster.freePort();
        Files.createDirectories(dir);
        this.process = new ProcessBuilder(
                        BINARY,
                        "-d",
                        dir.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "--configure-bucket",
                        bucket,
                        "--silent")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
                .start();
        ExternalProgram.awaitListening(
                process, port, Duration.ofSeconds(15), "s3rver", () -> "exit code " + process.exitValue());
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The condition behind {@link RequiresS3rver}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return ExternalProgram.required(
                    BINARY, "s3rver", "npm install --prefix ~/.cache/parley-s3rver s3rver@3.7.1");
        }
    }
}
