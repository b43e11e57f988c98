package dev.parley.server.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text scrape: series (name plus labels, as written) to value. */
record Scrape(Map<String, Double> series) {

    /** name, then labels (whose quoted values may hold braces), then the value. */
    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*})?) ([^ ]+)");

    static Scrape parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                series.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return new Scrape(series);
    }

    /** The value of a series without labels, or the sum over every series of that name matching {@code labels}. */
    double value(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (var entry : series.entrySet()) {
            String key = entry.getKey();
            String metric = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            if (!metric.equals(name)) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= key.contains(label);
            }
            if (matches) {
                sum += entry.getValue();
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no series " + name + " " + String.join(",", labels) + " in the scrape");
        }
        return sum;
    }

    /** Every metric name in the scrape. */
    java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String key : series.keySet()) {
            names.add(key.contains("{") ? key.substring(0, key.indexOf('{')) : key);
        }
        return names;
    }
}
