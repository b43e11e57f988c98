package dev.parley.server.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Settings of the test run itself, given as system properties: {@code -Dparley.fuzz.seed}, {@code
 * -Dparley.fuzz.cases} ({@link FuzzSettings}), {@code -Dparley.screenshots} (where the browser
 * tests save their screenshots).
 *
 * <p>The server refuses to start with a {@code parley.*} key it does not know, and it reads the
 * system properties of the JVM it runs in. So these are taken out of the system properties as the
 * test run starts (as a launcher session listener, before any server starts): they reach the tests
 * and never the server's check.
 */
public final class TestProperties implements LauncherSessionListener {

    private static final List<String> KEYS = List.of("parley.fuzz.seed", "parley.fuzz.cases", "parley.screenshots");

    private static Map<String, String> values;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        capture();
    }

    /** The setting, or {@code fallback} when it was not given. */
    public static synchronized String get(String key, String fallback) {
        capture();
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException(key + " is not a setting of the test run; add it to TestProperties");
        }
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static synchronized void capture() {
        if (values != null) {
            return;
        }
        values = new HashMap<>();
        for (String key : KEYS) {
            String value = System.clearProperty(key);
            if (value != null) {
                values.put(key, value);
            }
        }
    }
}
