package dev.parley.server.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** What the tests' external programs (nginx, s3rver) share: waiting for them, and requiring them. */
final class ExternalProgram {

    private ExternalProgram() {}

    /** Waits until the program listens on the port; fails, with {@code why}, if it exits first. */
    static void awaitListening(Process process, int port, Duration within, String name, Callable<String> why)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited: " + why.call());
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(name + " did not listen within " + within.toSeconds() + " s");
    }

    /**
     * Runs a test class when the program is installed; skips with {@code install} otherwise, and
     * fails under {@code PARLEY_REQUIRE_SERVICES=1}.
     */
    static ConditionEvaluationResult required(String binary, String name, String install) {
        if (Files.isExecutable(Path.of(binary))) {
            return ConditionEvaluationResult.enabled(name + " at " + binary);
        }
        String message = name + " is missing (" + binary + "); install it with: " + install;
        if ("1".equals(System.getenv("PARLEY_REQUIRE_SERVICES"))) {
            throw new IllegalStateException(message + " (PARLEY_REQUIRE_SERVICES=1: required, not skipped)");
        }
        return ConditionEvaluationResult.disabled(message);
    }
}
