package dev.parley.server.api;

import static dev.parley.server.api.RestCases.encode;
import static dev.parley.server.api.RestCases.pick;

import dev.parley.server.api.RestCases.Draft;
import dev.parley.server.testing.FuzzJson;
import dev.parley.server.testing.FuzzJson.Raw;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The ways a REST fuzz case is broken: its JSON body (types, fields, strings, numbers, nesting,
 * encoding), its path, its query, its headers (content types, tokens, sizes, WebSocket handshakes),
 * its method, or the framing of its message.
 */
final class RestMutations {

    private final RestCases.Fixture fixture;

    RestMutations(RestCases.Fixture fixture) {
        this.fixture = fixture;
    }

    /** Breaks the request in one way. */
    void mutate(Draft d) {
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
            String method = pick(r, RestValues.METHODS);
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
                        : pick(r, RestValues.NOT_JSON).getBytes(StandardCharsets.UTF_8);
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
                    segments[at] = pick(r, RestValues.ID_VALUES);
                }
                d.path = String.join("/", segments);
                d.mutations.add("path segment " + (at < segments.length ? segments[at] : "-"));
            }
            case 2 -> {
                d.path += "/"
                        + (r.nextBoolean()
                                ? pick(r, RestValues.ID_VALUES)
                                : encode(FuzzJson.printable(r, 1 + r.nextInt(8))));
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
                d.path = pick(r, RestValues.PATHS);
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
                d.query.add(name + "=" + pick(r, RestValues.ID_VALUES));
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
                d.contentType = pick(r, RestValues.CONTENT_TYPES);
                d.mutations.add("content type " + d.contentType);
            }
            case 3 -> {
                d.accept = pick(r, RestValues.ACCEPTS);
                d.mutations.add("accept " + d.accept);
            }
            case 4, 5 -> {
                d.as = pick(r, RestCases.ACTORS);
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
}
