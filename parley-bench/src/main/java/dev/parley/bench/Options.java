package dev.parley.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} options with defaults; every option read is echoed in the report. */
final class Options {

    private final Map<String, String> given = new HashMap<>();
    final Map<String, String> used = new java.util.TreeMap<>();

    Options(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value; got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
    }

    String string(String name, String fallback) {
        String value = given.getOrDefault(name, fallback);
        used.put(name, value);
        return value;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    Duration seconds(String name, double fallback) {
        return Duration.ofMillis((long) (Double.parseDouble(string(name, Double.toString(fallback))) * 1000));
    }
}
