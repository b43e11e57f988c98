package dev.parley.server.api;

import dev.parley.server.testing.FuzzJson;
import dev.parley.server.testing.FuzzJson.Raw;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * REST fuzz cases: a request for an operation of the OpenAPI document, filled in with plausible
 * values (the fixture's ids, tokens and names), then, mostly, broken in one to three ways: the
 * body, the path, the query, the headers, the method or the message framing.
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

    private static final List<String> ACTORS = List.of(
            "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "M", "M", "X", "none", "none", "garbage",
            "expired", "forged", "basic");
    private static final List<String> ID_VALUES = List.of(
            "0",
            "-1",
            "abc",
            "1.5",
            "99999999999999999999",
            "9223372036854775807",
            "-9223372036854775808",
            "%00",
            "%2f",
            "%2F..",
            "%2e%2e",
            "..",
            ".",
            "%zz",
            "%",
            "%C0%AF",
            "%ff",
            "%E2%80%AE",
            "%20",
            "+",
            "1;x=y",
            "1%3B",
            "1,2",
            "0x10",
            "1e3",
            "%D9%A3",
            "%EF%BC%91",
            "%201",
            "1%20",
            "+1",
            "007",
            "",
            "null",
            "true",
            "[1]",
            "%7B%7D");
    private static final List<String> PATHS = List.of(
            "/",
            "/index.html",
            "/app.js",
            "/parley.js",
            "/app.css",
            "/swagger",
            "/swagger-ui/index.html",
            "/openapi",
            "/asyncapi",
            "/asyncapi.yaml",
            "/metrics",
            "/health",
            "/health/live",
            "/health/ready",
            "/ws",
            "/api",
            "/api/v1",
            "/api/v1/",
            "/api/v2/chats",
            "/favicon.ico",
            "/actuator",
            "/actuator/env",
            "/.env",
            "/static/../application.yml",
            "/webjars/x",
            "/api/v1/auth",
            "/api/v1/auth/",
            "/api/v1/chats/direct/1",
            "/api/v1/search",
            "/api/v1/users/me",
            "/API/V1/ME");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/json;charset=UTF-16",
            "application/json;charset=UTF-16LE",
            "application/json;charset=UTF-32",
            "application/json;charset=ISO-8859-1",
            "application/json;charset=US-ASCII",
            "application/json;charset=bogus",
            "application/json; ;",
            "application/problem+json",
            "application/merge-patch+json",
            "application/*",
            "*/*",
            "text/plain",
            "text/html",
            "application/xml",
            "application/octet-stream",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "image/png",
            "garbage",
            "");
    static final List<String> FOREIGN_TYPES = List.of(
            "text/plain",
            "text/html",
            "application/xml",
            "application/octet-stream",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "image/png");
    private static final List<String> ACCEPTS = List.of(
            "application/json",
            "application/problem+json",
            "text/html",
            "application/xml",
            "*/*",
            "garbage",
            "text/event-stream",
            "application/json;q=0",
            "");
    private static final List<String> METHODS = List.of(
            "GET",
            "POST",
            "PUT",
            "PATCH",
            "DELETE",
            "HEAD",
            "OPTIONS",
            "TRACE",
            "CONNECT",
            "FOO",
            "get",
            "PROPFIND",
            "M-SEARCH",
            "GE\u0001T",
            "X".repeat(100));
    private static final List<String> NOT_JSON = List.of(
            "[]",
            "[{}]",
            "\"text\"",
            "123",
            "null",
            "true",
            "",
            " ",
            "{",
            "}",
            "{\"a\":}",
            "{\"a\" 1}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1,}",
            "/* c */{}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":01}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\n\"}",
            "{\"a\":1}{\"b\":2}",
            "\u0000");

    private final List<Operation> operations;
    private final Fixture fixture;

    RestCases(List<Operation> operations, Fixture fixture) {
        this.operations = operations;
        this.fixture = fixture;
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
                if (body != null) {
                    Map<String, Object> json =
                            (Map<String, Object>) ((Map<String, Object>) body.get("content")).get("application/json");
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
    private final class Draft {
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
                mutate(d);
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

    private void mutate(Draft d) {
        Random r = d.random;
        int kind = r.nextInt(100);
        if (kind < 40) {
            mutateBody(d);
        } else if (kind < 52) {
            mutatePath(d);
        } else if (kind < 62) {
            mutateQuery(d);
        } else if (kind < 80) {
            mutateHeaders(d);
        } else if (kind < 88) {
            String method = pick(r, METHODS);
            d.mutations.add("method " + method);
            d.routed &= method.equals(d.method);
            d.method = method;
            d.close |= method.equals("CONNECT");
        } else {
            mutateFraming(d);
        }
    }

    private void mutateBody(Draft d) {
        Random r = d.random;
        if (d.body == null) {
            d.body = new LinkedHashMap<>();
            d.body.put(r.nextBoolean() ? "title" : "zz", FuzzJson.anyValue(r));
            d.contentType = d.contentType == null ? "application/json" : d.contentType;
            d.mutations.add("body on a bodiless request");
            return;
        }
        List<Object> keys = new ArrayList<>(d.body.keySet());
        Object field = keys.isEmpty() ? "title" : pick(r, keys);
        String type = d.op.fields() == null ? null : d.op.fields().get(String.valueOf(field));
        switch (r.nextInt(17)) {
            case 0 -> {
                d.body.remove(field);
                d.mutations.add("without " + field);
            }
            case 1 -> {
                String extra = pick(
                        r,
                        List.of(
                                "zz",
                                "__proto__",
                                "constructor",
                                "id",
                                "chatId",
                                "role",
                                "ownerId",
                                "deleted",
                                "seq",
                                "authorId"));
                d.body.put(extra, FuzzJson.anyValue(r));
                d.mutations.add("extra field " + extra);
            }
            case 2, 3 -> {
                d.body.put(field, FuzzJson.anyValue(r));
                d.mutations.add("any value in " + field);
            }
            case 4 -> {
                d.body.put(field, "x".repeat(r.nextInt(70_000)));
                d.mutations.add("long string in " + field);
            }
            case 5, 6 -> {
                String bad = pick(r, List.of("\\u0000", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\udbff", "\\uDFFF"));
                d.body.put(field, FuzzJson.escaped(r, bad));
                if ("string".equals(type)) {
                    d.badTextField = String.valueOf(field);
                }
                d.mutations.add(bad + " in " + field);
            }
            case 7 -> {
                d.body.put(field, FuzzJson.invalidUtf8String(r));
                d.mutations.add("invalid UTF-8 in " + field);
            }
            case 15 -> {
                d.body.put(field, FuzzJson.invalidUtf8String(r));
                d.contentType = "application/json;charset="
                        + pick(r, List.of("UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1", "US-ASCII", "windows-1252"));
                d.mutations.add("invalid UTF-8 in " + field + " under " + d.contentType);
            }
            case 8 -> {
                d.body.put(field, FuzzJson.nested(400 + r.nextInt(1600), r.nextBoolean()));
                d.mutations.add("deep nesting in " + field);
            }
            case 9 -> {
                d.body.put(field, FuzzJson.number(r));
                d.mutations.add("edge number in " + field);
            }
            case 10 -> {
                d.body.put(field, r.nextBoolean() ? -1 - r.nextInt(1000) : Long.MIN_VALUE);
                d.mutations.add("negative " + field);
            }
            case 11 -> {
                d.rawBody = r.nextInt(5) == 0
                        ? FuzzJson.write(FuzzJson.nested(400 + r.nextInt(1600), r.nextBoolean()))
                        : pick(r, NOT_JSON).getBytes(StandardCharsets.UTF_8);
                d.mutations.add("body not a JSON object");
            }
            case 12 -> {
                byte[] json = FuzzJson.write(d.body);
                d.rawBody = java.util.Arrays.copyOf(json, r.nextInt(json.length + 1));
                d.mutations.add("truncated body");
            }
            case 13 -> {
                byte[] json = FuzzJson.write(d.body);
                for (int i = 1 + r.nextInt(4); i > 0 && json.length > 0; i--) {
                    json[r.nextInt(json.length)] = (byte) r.nextInt(256);
                }
                d.rawBody = json;
                d.mutations.add("bytes flipped");
            }
            case 14 -> {
                d.body.put(Raw.of("\"" + field + "\""), FuzzJson.anyValue(r));
                d.duplicateKeys = true;
                d.mutations.add("duplicate key " + field);
            }
            default -> {
                byte[] json = FuzzJson.write(d.body);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                boolean bom = r.nextBoolean();
                if (bom) {
                    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                }
                out.writeBytes(json);
                if (!bom) {
                    out.writeBytes(
                            pick(r, List.of("x", "{}", " \n", "\u0000", ",")).getBytes(StandardCharsets.UTF_8));
                }
                d.rawBody = out.toByteArray();
                d.mutations.add(bom ? "byte order mark" : "trailing bytes");
            }
        }
    }

    private void mutatePath(Draft d) {
        Random r = d.random;
        d.routed = false;
        String[] segments = d.path.split("/", -1);
        switch (r.nextInt(12)) {
            case 0, 1 -> {
                int at = 3 + r.nextInt(Math.max(1, segments.length - 3));
                if (at < segments.length) {
                    segments[at] = pick(r, ID_VALUES);
                }
                d.path = String.join("/", segments);
                d.mutations.add("path segment " + (at < segments.length ? segments[at] : "-"));
            }
            case 2 -> {
                d.path +=
                        "/" + (r.nextBoolean() ? pick(r, ID_VALUES) : encode(FuzzJson.printable(r, 1 + r.nextInt(8))));
                d.mutations.add("extra segment");
            }
            case 3 -> {
                d.path = d.path.substring(0, Math.max(1, d.path.lastIndexOf('/')));
                d.mutations.add("segment dropped");
            }
            case 4 -> {
                d.path += "/";
                d.mutations.add("trailing slash");
            }
            case 5 -> {
                int at = d.path.indexOf('/', 1 + r.nextInt(d.path.length()));
                d.path = at < 0 ? d.path + "//" : d.path.substring(0, at) + "/" + d.path.substring(at);
                d.mutations.add("double slash");
            }
            case 6 -> {
                d.path = d.path.toUpperCase(Locale.ROOT);
                d.mutations.add("upper case");
            }
            case 7, 8 -> {
                d.path = pick(r, PATHS);
                d.mutations.add("other path");
            }
            case 9 -> {
                d.path = d.path + "/" + "a".repeat(3000 + r.nextInt(6000));
                d.mutations.add("long path");
            }
            case 10 -> {
                d.path = d.path
                        + pick(
                                r,
                                List.of(
                                        "/\u00e9",
                                        "/\u00ff\u00fe",
                                        "/a b",
                                        "/a\tb",
                                        "/\u0000",
                                        "#frag",
                                        ";jsessionid=1",
                                        "/%",
                                        "\\..\\"));
                d.close = true;
                d.mutations.add("raw bytes in path");
            }
            default -> {
                d.path = r.nextBoolean() ? "http://localhost" + d.path : "*";
                d.mutations.add("absolute or asterisk form");
            }
        }
    }

    private void mutateQuery(Draft d) {
        Random r = d.random;
        switch (r.nextInt(6)) {
            case 0 -> {
                String name = pick(
                        r,
                        List.of(
                                "limit",
                                "after",
                                "before",
                                "order",
                                "q",
                                "chatId",
                                "token",
                                "x",
                                "",
                                "a[]",
                                "__proto__"));
                d.query.add(name + "=" + pick(r, ID_VALUES));
                d.mutations.add("query " + name);
            }
            case 1 -> {
                if (!d.query.isEmpty()) {
                    d.query.add(pick(r, d.query));
                }
                d.mutations.add("repeated query");
            }
            case 2 -> {
                d.query.add(pick(r, List.of("q", "limit", "after")) + "="
                        + pick(
                                r,
                                List.of("%zz", "%", "%C0%AF", "%00", "%ff", "+%2B", "\u00e9", "\u00ff", "%ED%A0%80")));
                d.close = true;
                d.mutations.add("bad query encoding");
            }
            case 3 -> {
                d.query.add("q=" + "q".repeat(2000 + r.nextInt(7000)));
                d.mutations.add("long query");
            }
            case 4 -> {
                d.query.add(pick(r, List.of("limit", "limit=", "=5", "&&", "?", "q", "q=")));
                d.mutations.add("query without value");
            }
            default -> {
                d.query.add("q=" + encode(pick(r, FuzzJson.NASTY)));
                d.mutations.add("nasty q");
            }
        }
    }

    private void mutateHeaders(Draft d) {
        Random r = d.random;
        switch (r.nextInt(13)) {
            case 12 -> {
                // a WebSocket handshake, whole or in part, mostly at /ws
                if (r.nextInt(10) < 7) {
                    d.path = "/ws";
                    d.routed = false;
                }
                d.extraHeaders.add("Upgrade: " + pick(r, List.of("websocket", "WebSocket", "h2c", "")));
                if (r.nextInt(4) > 0) {
                    d.extraHeaders.add(
                            "Connection: " + pick(r, List.of("Upgrade", "keep-alive, Upgrade", "keep-alive")));
                }
                if (r.nextInt(4) > 0) {
                    d.extraHeaders.add(
                            "Sec-WebSocket-Key: " + pick(r, List.of("dGhlIHNhbXBsZSBub25jZQ==", "", "short")));
                }
                if (r.nextInt(4) > 0) {
                    d.extraHeaders.add("Sec-WebSocket-Version: " + pick(r, List.of("13", "8", "99", "")));
                }
                d.close = true;
                d.mutations.add("websocket handshake");
            }
            case 0, 1, 2 -> {
                d.contentType = pick(r, CONTENT_TYPES);
                d.mutations.add("content type " + d.contentType);
            }
            case 3 -> {
                d.accept = pick(r, ACCEPTS);
                d.mutations.add("accept " + d.accept);
            }
            case 4, 5 -> {
                d.as = pick(r, ACTORS);
                d.mutations.add("as " + d.as);
            }
            case 6 -> {
                d.extraHeaders.add("X-Big: " + "b".repeat(7000 + r.nextInt(20_000)));
                d.mutations.add("huge header");
            }
            case 7 -> {
                for (int i = 50 + r.nextInt(150); i > 0; i--) {
                    d.extraHeaders.add("X-H" + i + ": " + "v".repeat(r.nextInt(100)));
                }
                d.mutations.add("many headers");
            }
            case 8 -> {
                d.extraHeaders.add(pick(
                        r,
                        List.of(
                                "X A: b",
                                "X\u0001: b",
                                ": novalue",
                                "NoColon",
                                "X-A:\u00e9\u00ff",
                                " Folded: x",
                                "X-Forwarded-For: \u0000",
                                "X-Forwarded-Host: a,b,c",
                                "Forwarded: for=\"[::1\"")));
                d.close = true;
                d.mutations.add("odd header");
            }
            case 9 -> {
                d.extraHeaders.add(pick(
                        r,
                        List.of(
                                "Expect: 100-continue",
                                "Content-Encoding: gzip",
                                "Content-Encoding: br",
                                "Content-Encoding: x",
                                "Transfer-Encoding: gzip")));
                d.close = true;
                d.mutations.add("body encoding header");
            }
            case 10 -> {
                d.as = "raw";
                d.extraHeaders.add("Authorization: "
                        + pick(
                                r,
                                List.of(
                                        "Bearer",
                                        "Bearer ",
                                        "Bearer \u00e9",
                                        "bearer " + fixture.tokens().get("F"),
                                        "Bearer " + fixture.tokens().get("F") + "x",
                                        "Bearer a.b.c",
                                        "Bearer " + "a".repeat(5000),
                                        "Token x",
                                        "Basic")));
                d.mutations.add("odd authorization");
            }
            default -> {
                d.version = pick(r, List.of("HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "http/1.1", "HTTP/1.1x"));
                d.close = true;
                d.mutations.add("version " + d.version);
            }
        }
    }

    private void mutateFraming(Draft d) {
        Random r = d.random;
        d.close = true;
        switch (r.nextInt(6)) {
            case 0 -> {
                d.chunked = true;
                d.mutations.add("chunked body");
            }
            case 1 -> {
                d.framing = "duplicate length";
                d.mutations.add("two content lengths");
            }
            case 2 -> {
                d.framing = "short length";
                d.mutations.add("content length shorter than the body");
            }
            case 3 -> {
                d.framing = "chunked and length";
                d.mutations.add("chunked and a content length");
            }
            case 4 -> {
                d.framing = "bad chunk";
                d.mutations.add("bad chunk");
            }
            default -> {
                d.host = false;
                d.mutations.add("no host");
            }
        }
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
        boolean utf8 = body == null || isUtf8(body);
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
                honest && d.contentType != null && FOREIGN_TYPES.contains(d.contentType),
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

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
