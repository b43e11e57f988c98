package dev.parley.server.api;

import dev.parley.server.testing.FuzzJson;
import dev.parley.server.testing.FuzzJson.Raw;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * REST fuzz cases: a request for an operation of the OpenAPI document, filled in with plausible
 * values (the fixture's ids, tokens and names), then, mostly, broken in one to three ways ({@link
 * RestMutations}), and written out as bytes.
 */
final class RestCases {

    record Param(String name, String in) {}

    /** An operation of the OpenAPI document; {@code fields} (name to JSON type) is null without a body. */
    record Operation(String method, String path, List<Param> params, Map<String, String> fields) {}

    /** What cases may use: tokens by actor, and the ids and names that exist. */
    record Fixture(
            int port,
            Map<String, String> tokens,
            List<Long> chats,
            List<Long> users,
            List<Long> messages,
            Map<String, String> passwords,
            String spareRefreshToken) {}

    /**
     * One request, as bytes. {@code honest}: it reaches its operation (one with a JSON body) with
     * the body as built, so the three that follow must be refused: {@code invalidUtf8}, a body that
     * is not UTF-8; {@code badTextField}, the string field that holds a NUL or a lone surrogate;
     * {@code foreignType}, a content type that is not JSON.
     */
    record Case(
            int index,
            String as,
            String method,
            String target,
            byte[] request,
            int bodyLength,
            boolean honest,
            boolean invalidUtf8,
            String badTextField,
            boolean foreignType,
            List<String> mutations) {

        boolean head() {
            return "HEAD".equals(method);
        }

        boolean reads() {
            return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        }

        String describe() {
            String text = new String(request, StandardCharsets.ISO_8859_1);
            if (text.length() > 600) {
                text = text.substring(0, 400) + "…(" + request.length + " bytes)…"
                        + text.substring(text.length() - 150);
            }
            StringBuilder shown = new StringBuilder();
            for (char c : text.toCharArray()) {
                shown.append(
                        c == '\r'
                                ? "\\r"
                                : c == '\n'
                                        ? "\\n\n    "
                                        : c < 0x20 || c > 0x7e ? "\\x" + Integer.toHexString(c) : String.valueOf(c));
            }
            return "case #" + index + " as " + as + " " + mutations + ":\n    " + shown;
        }
    }

    static final List<String> ACTORS = List.of(
            "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "M", "M", "X", "none", "none", "garbage",
            "expired", "forged", "basic");
    private final List<Operation> operations;
    private final Fixture fixture;
    private final RestMutations mutations;

    RestCases(List<Operation> operations, Fixture fixture) {
        this.operations = operations;
        this.fixture = fixture;
        this.mutations = new RestMutations(fixture);
    }

    /** The operations of an OpenAPI document, with the fields of their JSON bodies. */
    @SuppressWarnings("unchecked")
    static List<Operation> operations(Map<String, Object> openApi) {
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) openApi.get("components")).get("schemas");
        List<Operation> result = new ArrayList<>();
        ((Map<String, Object>) openApi.get("paths")).forEach((path, item) -> {
            ((Map<String, Object>) item).forEach((method, op) -> {
                Map<String, Object> operation = (Map<String, Object>) op;
                List<Param> params = new ArrayList<>();
                for (Object p : (List<Object>) operation.getOrDefault("parameters", List.of())) {
                    Map<String, Object> param = (Map<String, Object>) p;
                    params.add(new Param((String) param.get("name"), (String) param.get("in")));
                }
                Map<String, String> fields = null;
                Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
                Map<String, Object> json = body == null
                        ? null
                        : (Map<String, Object>) ((Map<String, Object>) body.get("content")).get("application/json");
                if (json != null) { // a picture body (the avatar) has no JSON fields to fill
                    String ref = (String) ((Map<String, Object>) json.get("schema")).get("$ref");
                    Map<String, Object> schema =
                            (Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
                    fields = new LinkedHashMap<>();
                    for (var e : ((Map<String, Object>) schema.get("properties")).entrySet()) {
                        fields.put(e.getKey(), (String) ((Map<String, Object>) e.getValue()).get("type"));
                    }
                }
                result.add(new Operation(method.toUpperCase(Locale.ROOT), path, params, fields));
            });
        });
        return result;
    }

    /** The request being put together. */
    static final class Draft {
        final Random random;
        final Operation op;
        String as;
        String method;
        String path;
        final List<String> query = new ArrayList<>();
        Map<Object, Object> body;
        byte[] rawBody;
        String contentType;
        String accept;
        final List<String> extraHeaders = new ArrayList<>();
        String version = "HTTP/1.1";
        boolean host = true;
        boolean close;
        boolean chunked;
        String framing; // a lie about the body's length; null when the framing is honest
        boolean routed = true;
        boolean duplicateKeys;
        String badTextField;
        final List<String> mutations = new ArrayList<>();

        Draft(Random random, Operation op) {
            this.random = random;
            this.op = op;
            this.method = op.method();
        }
    }

    Case next(int index, Random random) {
        Operation op = operations.get(random.nextInt(operations.size()));
        Draft d = new Draft(random, op);
        d.as = pick(random, ACTORS);
        d.path = path(d);
        for (Param p : op.params()) {
            if (p.in().equals("query") && random.nextInt(10) < 7) {
                d.query.add(p.name() + "=" + encode(queryValue(p.name(), random)));
            }
        }
        if (op.fields() != null) {
            d.body = new LinkedHashMap<>();
            op.fields().forEach((field, type) -> {
                if (random.nextInt(10) < 9) {
                    d.body.put(field, validValue(field, type, random));
                }
            });
            d.contentType = "application/json";
            Object username = d.body.get("username");
            if (d.body.containsKey("password") && fixture.passwords().containsKey(username) && random.nextBoolean()) {
                d.body.put("password", fixture.passwords().get(username));
            }
        }
        if (random.nextInt(6) > 0) {
            int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
            for (int i = 0; i < count; i++) {
                mutations.mutate(d);
            }
        }
        return build(index, d);
    }

    private String path(Draft d) {
        String path = d.op.path();
        for (Param p : d.op.params()) {
            if (p.in().equals("path")) {
                path = path.replace("{" + p.name() + "}", Long.toString(idFor(p.name(), d.random)));
            }
        }
        return path;
    }

    private long idFor(String name, Random random) {
        if (random.nextInt(10) == 0) {
            return random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(200);
        }
        return switch (name) {
            case "userId" -> pick(random, fixture.users());
            case "messageId" -> pick(random, fixture.messages());
            default -> pick(random, fixture.chats());
        };
    }

    private String queryValue(String name, Random random) {
        return switch (name) {
            case "limit" ->
                Integer.toString(random.nextInt(10) == 0 ? random.nextInt(300) - 100 : 1 + random.nextInt(100));
            case "after", "before" -> Integer.toString(random.nextInt(40));
            case "order" -> random.nextBoolean() ? "asc" : "desc";
            case "chatId" -> Long.toString(pick(random, fixture.chats()));
            default ->
                random.nextInt(4) == 0 ? FuzzJson.text(random) : FuzzJson.printable(random, 1 + random.nextInt(6));
        };
    }

    private Object validValue(String field, String type, Random random) {
        return switch (field) {
            case "title" -> "Fuzz " + FuzzJson.printable(random, 1 + random.nextInt(20));
            case "visibility" -> random.nextBoolean() ? "public" : "private";
            case "memberIds" -> {
                List<Object> ids = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    ids.add(pick(random, fixture.users()));
                }
                yield ids;
            }
            case "seq" -> random.nextInt(40);
            case "userId" -> pick(random, fixture.users());
            case "replyTo" -> random.nextBoolean() ? null : pick(random, fixture.messages());
            case "text" ->
                random.nextInt(3) == 0 ? FuzzJson.text(random) : FuzzJson.printable(random, 1 + random.nextInt(30));
            case "clientMsgId" -> "fz-" + random.nextInt(random.nextBoolean() ? 30 : 1_000_000);
            case "username" ->
                random.nextInt(3) == 0
                        ? pick(random, List.copyOf(fixture.passwords().keySet()))
                        : "fz_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            case "password" ->
                random.nextInt(4) == 0 ? FuzzJson.text(random) : "password-" + FuzzJson.printable(random, 8);
            case "displayName" -> FuzzJson.printable(random, 1 + random.nextInt(30));
            case "refreshToken" ->
                random.nextInt(4) == 0 ? fixture.spareRefreshToken() : FuzzJson.printable(random, 40);
            case "role" -> pick(random, List.of("owner", "admin", "member"));
            default -> "integer".equals(type) ? random.nextInt(100) : FuzzJson.text(random);
        };
    }

    private Case build(int index, Draft d) {
        byte[] body = d.rawBody != null ? d.rawBody : d.body != null ? FuzzJson.write(d.body) : null;
        String target = d.path + (d.query.isEmpty() ? "" : "?" + String.join("&", d.query));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(d.method)
                .append(' ')
                .append(target)
                .append(' ')
                .append(d.version)
                .append("\r\n");
        if (d.host) {
            head.append("Host: localhost:").append(fixture.port()).append("\r\n");
        }
        String auth = authorization(d.as);
        if (auth != null) {
            head.append("Authorization: ").append(auth).append("\r\n");
        }
        if (d.contentType != null && !d.contentType.isEmpty()) {
            head.append("Content-Type: ").append(d.contentType).append("\r\n");
        }
        if (d.accept != null) {
            head.append("Accept: ").append(d.accept).append("\r\n");
        }
        for (String h : d.extraHeaders) {
            head.append(h).append("\r\n");
        }
        int length = body == null ? 0 : body.length;
        if (d.chunked || "bad chunk".equals(d.framing)) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        if (!d.chunked && !"bad chunk".equals(d.framing) && body != null) {
            if ("duplicate length".equals(d.framing)) {
                head.append("Content-Length: ")
                        .append(length)
                        .append("\r\nContent-Length: ")
                        .append(length + 1)
                        .append("\r\n");
            } else if ("short length".equals(d.framing)) {
                head.append("Content-Length: ").append(length / 2).append("\r\n");
            } else {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
        }
        if (d.close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (d.chunked && body != null) {
            int at = 0;
            while (at < body.length) {
                int n = Math.min(body.length - at, 1 + d.random.nextInt(4096));
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                at += n;
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (d.chunked) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if ("bad chunk".equals(d.framing)) {
            out.writeBytes("zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (body != null) {
            out.writeBytes(body);
        }
        boolean utf8 = body == null || FuzzJson.isUtf8(body);
        // the oracles below hold when the request reaches its operation with the body as built
        boolean honest = d.routed && d.framing == null && !d.duplicateKeys && d.op.fields() != null;
        boolean badText = d.badTextField != null
                && d.rawBody == null
                && d.body.get(d.badTextField) instanceof Raw raw
                && raw.toString().contains("\\u");
        return new Case(
                index,
                d.as,
                d.method,
                target,
                out.toByteArray(),
                length,
                honest,
                honest && !utf8,
                honest && badText ? d.badTextField : null,
                honest && d.contentType != null && RestValues.FOREIGN_TYPES.contains(d.contentType),
                List.copyOf(d.mutations));
    }

    private String authorization(String as) {
        return switch (as) {
            case "none", "raw" -> null;
            case "garbage" -> "Bearer not-a-token";
            case "basic" -> "Basic dXNlcjpwYXNz";
            default -> "Bearer " + fixture.tokens().get(as);
        };
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
