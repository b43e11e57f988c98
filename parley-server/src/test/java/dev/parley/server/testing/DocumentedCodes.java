package dev.parley.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error codes and close codes the documentation promises, read from the tables of {@code
 * docs/api.md} and {@code docs/protocol.md}: a code the server answers that is not listed there is
 * a bug, either in the server or in the documentation.
 */
public final class DocumentedCodes {

    private static final Path DOCS = Path.of("../docs");
    private static final Pattern CODE = Pattern.compile("`([a-z][a-z0-9_]*)`");
    private static final Pattern STATUS_ROW = Pattern.compile("(?m)^\\| (\\d{3}) \\| (.*) \\|$");
    private static final Pattern FIRST_CELL = Pattern.compile("(?m)^\\| ([^|]*) \\|");
    private static final Pattern CLOSE_ROW = Pattern.compile("(?m)^\\| (\\d{4}) \\|");

    private DocumentedCodes() {}

    /** HTTP status to the problem codes docs/api.md lists for it (its "Errors" table). */
    public static Map<Integer, Set<String>> rest() {
        String errors = section(read("api.md"), "## Errors");
        Map<Integer, Set<String>> codes = new HashMap<>();
        Matcher row = STATUS_ROW.matcher(errors);
        while (row.find()) {
            codes.computeIfAbsent(Integer.parseInt(row.group(1)), s -> new HashSet<>())
                    .addAll(codes(row.group(2)));
        }
        if (codes.getOrDefault(400, Set.of()).size() < 10) {
            throw new IllegalStateException("docs/api.md: the Errors table was not found or changed shape");
        }
        return codes;
    }

    /**
     * The codes an {@code error} frame may carry: those of docs/protocol.md's error table, and (as
     * it says) the REST codes of the client errors, 4xx.
     */
    public static Set<String> webSocketErrors() {
        Set<String> codes = new HashSet<>();
        Matcher row = FIRST_CELL.matcher(section(read("protocol.md"), "## Error codes"));
        while (row.find()) {
            codes.addAll(codes(row.group(1)));
        }
        rest().forEach((status, rest) -> {
            if (status < 500) {
                codes.addAll(rest);
            }
        });
        return codes;
    }

    /** The close codes of docs/protocol.md's table. */
    public static Set<Integer> closeCodes() {
        Set<Integer> codes = new HashSet<>();
        Matcher row = CLOSE_ROW.matcher(section(read("protocol.md"), "## Close codes"));
        while (row.find()) {
            codes.add(Integer.parseInt(row.group(1)));
        }
        if (codes.size() < 8) {
            throw new IllegalStateException("docs/protocol.md: the close code table was not found");
        }
        return codes;
    }

    private static Set<String> codes(String text) {
        Set<String> codes = new HashSet<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** From the heading (that begins so) to the next heading of the same level. */
    private static String section(String document, String heading) {
        int start = document.indexOf("\n" + heading);
        if (start < 0) {
            throw new IllegalStateException("no section '" + heading + "'");
        }
        int end = document.indexOf("\n## ", start + heading.length() + 2);
        return document.substring(start, end < 0 ? document.length() : end);
    }

    private static String read(String name) {
        try {
            return Files.readString(DOCS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
