package dev.parley.server.testing;

import dev.parley.server.config.ParleyProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis the tests use: {@code PARLEY_TEST_REDIS_URL} (default the machine's, at
 * 127.0.0.1:6379). Each test takes a namespace of its own, so tests never see each other's keys or
 * channels.
 */
public final class TestRedis {

    public static final String URL = env("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestRedis() {}

    public static String host() {
        return URI.create(URL).getHost();
    }

    public static int port() {
        int port = URI.create(URL).getPort();
        return port < 0 ? 6379 : port;
    }

    /** A namespace no other test uses. */
    public static String namespace() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Settings for a node reaching Redis at {@code url}, quick to notice and recover from a cut. */
    public static ParleyProperties.Redis settings(String url, String namespace, Duration presenceTtl) {
        return new ParleyProperties.Redis(
                url, namespace, Duration.ofMillis(200), presenceTtl, Duration.ofMillis(500), 10_000);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static boolean available() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), port()), 2000);
            s.getOutputStream().write("PING\r\n".getBytes());
            return s.getInputStream().read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    /** The condition behind {@link RequiresRedis}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available()) {
                return ConditionEvaluationResult.enabled("Redis answers at " + URL);
            }
            String message = "Redis is not reachable at " + URL
                    + "; start it (redis-server --daemonize yes) or set PARLEY_TEST_REDIS_URL";
            if ("1".equals(System.getenv("PARLEY_REQUIRE_SERVICES"))) {
                throw new IllegalStateException(message + " (PARLEY_REQUIRE_SERVICES=1: required, not skipped)");
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
