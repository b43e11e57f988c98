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
            // a repeated option (--url=a --url=b) reads as one list, as --url=a,b does
            given.merge(arg.substring(2, eq), arg.substring(eq + 1), (a, b) -> a + "," + b);
        }
    }

    String string(String name, String fallback) {
        String value = given.getOrDefault(name, fallback);
        used.put(name, value);
        return value;
    }

    /** A comma-separated (or repeated) option. */
    java.util.List<String> list(String name, String fallback) {
        return java.util.Arrays.stream(string(name, fallback).split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /** Every option given, as command-line arguments again (for a child process). */
    java.util.List<String> arguments() {
        java.util.List<String> args = new java.util.ArrayList<>();
        given.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    Duration seconds(String name, double fallback) {
        return Duration.ofMillis((long) (Double.parseDouble(string(name, Double.toString(fallback))) * 1000));
    }
}
