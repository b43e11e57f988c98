package dev.parley.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Where the browser tests find Chromium: Debian's packages, or {@code PARLEY_CHROMIUM} / {@code PARLEY_CHROMEDRIVER}. */
public final class Chromium {

    public static final String BINARY = env("PARLEY_CHROMIUM", "/usr/bin/chromium");
    public static final String DRIVER = env("PARLEY_CHROMEDRIVER", "/usr/bin/chromedriver");

    private Chromium() {}

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The condition behind {@link RequiresChromium}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER))) {
                return ConditionEvaluationResult.enabled("Chromium at " + BINARY);
            }
            String message = "Chromium or its driver is missing (" + BINARY + ", " + DRIVER
                    + "); install them with: apt-get install chromium chromium-driver";
            if ("1".equals(System.getenv("PARLEY_REQUIRE_SERVICES"))) {
                throw new IllegalStateException(message + " (PARLEY_REQUIRE_SERVICES=1: required, not skipped)");
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
