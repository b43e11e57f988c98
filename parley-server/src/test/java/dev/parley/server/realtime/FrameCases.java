package dev.parley.server.realtime;

import dev.parley.server.testing.FuzzJson;
import dev.parley.server.testing.FuzzJson.Raw;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * WebSocket fuzz cases: a command of the AsyncAPI document filled in with plausible values (the
 * fixture's chats, messages and tokens), then, mostly, broken: its JSON (wrong types, missing and
 * extra fields, unknown types, huge numbers and ids, NUL and lone surrogates, deep nesting), its
 * text (not JSON, cut short, not UTF-8, too big), or the frame itself (binary, fragmented, reserved
 * bits and opcodes, unmasked), or a flood of pings.
 */
final class FrameCases {

    /** A command of the AsyncAPI document: its type, required fields and the JSON type of each field. */
    record Command(String type, List<String> required, Map<String, String> fields) {}

    /** What cases may use. */
    record Fixture(
            List<Long> chats,
            List<Long> ownMessages,
            List<Long> otherMessages,
            String token,
            List<String> otherTokens) {}

    /**
     * One case: the bytes to write (one or more frames); the close code the server must answer
     * with (0: it must not close); the text message it makes (null when it is not one, or the
     * server must close on it); {@code flood}: pings sent at once, past the rate limit.
     */
    record FrameCase(int index, List<String> mutations, byte[] wire, int expectClose, byte[] message, int flood) {

        String describe() {
            String shown = new String(wire, StandardCharsets.ISO_8859_1);
            if (shown.length() > 400) {
                shown = shown.substring(0, 300) + "…(" + wire.length + " bytes)";
            }
            StringBuilder s = new StringBuilder();
            for (char c : shown.toCharArray()) {
                s.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return "frame case #" + index + " " + mutations + ": " + s;
        }
    }

    static final Set<String> WRITES = Set.of("send", "edit", "delete", "read");
    private static final List<String> UNKNOWN_TYPES = List.of(
            "teleport",
            "SEND",
            "Send",
            " send",
            "send ",
            "",
            "sendd",
            "join",
            "leave",
            "ack",
            "error",
            "pong",
            "message_created",
            "__proto__",
            "s\u0000end",
            "\u0441end");

    private final List<Command> commands;
    private final Fixture fixture;

    FrameCases(List<Command> commands, Fixture fixture) {
        this.commands = commands;
        this.fixture = fixture;
    }

    /** The commands the server accepts, as the AsyncAPI document describes them. */
    @SuppressWarnings("unchecked")
    static List<Command> commands(Map<String, Object> asyncApi) {
        Map<String, Object> components = (Map<String, Object>) asyncApi.get("components");
        Map<String, Object> messages = (Map<String, Object>) components.get("messages");
        Map<String, Object> receive =
                (Map<String, Object>) ((Map<String, Object>) asyncApi.get("operations")).get("receiveCommands");
        List<Command> result = new ArrayList<>();
        for (Object ref : (List<Object>) receive.get("messages")) {
            String path = (String) ((Map<String, Object>) ref).get("$ref");
            Map<String, Object> message = (Map<String, Object>) messages.get(path.substring(path.lastIndexOf('/') + 1));
            Map<String, Object> payload = (Map<String, Object>) message.get("payload");
            Map<String, String> fields = new LinkedHashMap<>();
            String type = null;
            for (var e : ((Map<String, Object>) payload.get("properties")).entrySet()) {
                Map<String, Object> schema = (Map<String, Object>) e.getValue();
                if (e.getKey().equals("type")) {
                    type = (String) schema.get("const");
                } else {
                    fields.put(e.getKey(), schema.containsKey("$ref") ? "string" : String.valueOf(schema.get("type")));
                }
            }
            result.add(new Command(type, (List<String>) payload.get("required"), fields));
        }
        return result;
    }

    /** The frame types the server sends, by their {@code type}. */
    @SuppressWarnings("unchecked")
    static Set<String> serverFrameTypes(Map<String, Object> asyncApi) {
        Map<String, Object> messages =
                (Map<String, Object>) ((Map<String, Object>) asyncApi.get("components")).get("messages");
        Map<String, Object> send =
                (Map<String, Object>) ((Map<String, Object>) asyncApi.get("operations")).get("sendFrames");
        Set<String> types = new java.util.HashSet<>();
        for (Object ref : (List<Object>) send.get("messages")) {
            String path = (String) ((Map<String, Object>) ref).get("$ref");
            Map<String, Object> message = (Map<String, Object>) messages.get(path.substring(path.lastIndexOf('/') + 1));
            types.add(typeOf((Map<String, Object>) message.get("payload")));
        }
        return types;
    }

    /** The {@code type} a payload schema fixes, in its properties or in one of its {@code allOf}. */
    @SuppressWarnings("unchecked")
    private static String typeOf(Map<String, Object> schema) {
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        if (properties != null && properties.get("type") instanceof Map<?, ?> type && type.get("const") != null) {
            return (String) type.get("const");
        }
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            String type = typeOf((Map<String, Object>) part);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    FrameCase next(int index, Random r) {
        List<String> mutations = new ArrayList<>();
        int kind = r.nextInt(100);
        if (kind < 2) {
            int pings = 60 + r.nextInt(100); // well past the burst of 40, whatever refills meanwhile
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < pings; i++) {
                wire.writeBytes(RawSocket.frame(
                        0x81, true, ("{\"type\":\"ping\",\"id\":\"fl" + i + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            return new FrameCase(index, List.of("flood of " + pings + " pings"), wire.toByteArray(), 0, null, pings);
        }
        Command command = commands.get(r.nextInt(commands.size()));
        Map<String, Object> frame = valid(index, command, r);
        if (kind < 25) {
            mutations.add("valid " + command.type());
            return text(index, mutations, frame);
        }
        if (kind < 70) {
            for (int i = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0); i > 0; i--) {
                mutateJson(index, frame, command, r, mutations);
            }
            return text(index, mutations, frame);
        }
        byte[] json = FuzzJson.write(frame);
        return switch (kind) {
            case 70, 71, 72 -> {
                mutations.add("cut short");
                yield textBytes(index, mutations, java.util.Arrays.copyOf(json, r.nextInt(json.length)));
            }
            case 73, 74, 75 -> {
                String text = r.nextBoolean()
                        ? FuzzJson.printable(r, r.nextInt(200))
                        : pick(
                                r,
                                List.of(
                                        "[]",
                                        "[1,2]",
                                        "\"ping\"",
                                        "42",
                                        "null",
                                        "true",
                                        "",
                                        " ",
                                        "{}{}",
                                        "{\"type\":\"ping\"}x"));
                mutations.add("not a JSON object");
                yield textBytes(index, mutations, text.getBytes(StandardCharsets.UTF_8));
            }
            case 76, 77, 78 -> {
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    json[r.nextInt(json.length)] = (byte) (0x20 + r.nextInt(0x5f));
                }
                mutations.add("characters replaced");
                yield textBytes(index, mutations, json);
            }
            case 79, 80, 81, 82 -> {
                ByteArrayOutputStream bad = new ByteArrayOutputStream();
                int at = r.nextInt(json.length);
                bad.write(json, 0, at);
                bad.writeBytes(FuzzJson.INVALID_UTF8.get(r.nextInt(FuzzJson.INVALID_UTF8.size())));
                bad.write(json, at, json.length - at);
                mutations.add("not UTF-8");
                yield new FrameCase(index, mutations, RawSocket.frame(0x81, true, bad.toByteArray()), 1007, null, 0);
            }
            case 83, 84, 85 -> {
                mutations.add("binary");
                byte[] payload = r.nextBoolean() ? json : FuzzJson.randomBytes(r, r.nextInt(300));
                yield new FrameCase(index, mutations, RawSocket.frame(0x82, true, payload), 1003, null, 0);
            }
            case 86, 87 -> {
                frame.put("text", "x".repeat(66_000 + r.nextInt(100_000)));
                mutations.add("too big");
                yield textBytes(index, mutations, FuzzJson.write(frame));
            }
            case 88, 89, 90, 91 -> fragmented(index, mutations, frame, r);
            case 92, 93 -> {
                byte[] payload = FuzzJson.randomBytes(r, r.nextInt(126));
                int opcode = r.nextBoolean() ? 0x89 : 0x8A;
                mutations.add(opcode == 0x89 ? "client ping" : "unsolicited pong");
                // control frames: no answer, the connection carries on
                yield new FrameCase(index, mutations, RawSocket.frame(opcode, true, payload), 0, null, 0);
            }
            default -> violation(index, mutations, json, r);
        };
    }

    /** A frame the WebSocket protocol forbids: the transport closes with 1002. */
    private FrameCase violation(int index, List<String> mutations, byte[] json, Random r) {
        byte[] wire;
        switch (r.nextInt(6)) {
            case 0 -> {
                // Reactor Netty allows extensions, so the reserved bits pass: the frame is read as it is
                mutations.add("reserved bit set");
                FrameCase text = textBytes(index, mutations, json);
                byte[] rsv = text.wire().clone();
                rsv[0] |= (byte) (0x10 << r.nextInt(3));
                return new FrameCase(index, mutations, rsv, text.expectClose(), text.message(), 0);
            }
            case 1 -> {
                int opcode = pick(r, List.of(0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF));
                wire = RawSocket.frame(0x80 | opcode, true, json);
                mutations.add("reserved opcode " + opcode);
            }
            case 2 -> {
                wire = RawSocket.frame(0x81, false, json);
                mutations.add("unmasked");
            }
            case 3 -> {
                wire = RawSocket.frame(0x89, true, FuzzJson.randomBytes(r, 126 + r.nextInt(200)));
                mutations.add("control frame too long");
            }
            case 4 -> {
                wire = RawSocket.frame(0x09, true, new byte[0]);
                mutations.add("fragmented control frame");
            }
            default -> {
                wire = RawSocket.frame(0x80, true, json);
                mutations.add("continuation without a start");
            }
        }
        return new FrameCase(index, mutations, wire, 1002, null, 0);
    }

    /** A valid message in two to four fragments: it counts as the whole. */
    private FrameCase fragmented(int index, List<String> mutations, Map<String, Object> frame, Random r) {
        byte[] json = FuzzJson.write(frame);
        int parts = Math.min(json.length, 2 + r.nextInt(3));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? json.length : at + Math.max(1, (json.length - at) / (parts - i));
            int first = (i == 0 ? 0x1 : 0x0) | (i == parts - 1 ? 0x80 : 0);
            wire.writeBytes(RawSocket.frame(first, true, java.util.Arrays.copyOfRange(json, at, end)));
            at = end;
        }
        mutations.add("in " + parts + " fragments");
        FrameCase whole = text(index, mutations, frame);
        return new FrameCase(index, mutations, wire.toByteArray(), whole.expectClose(), whole.message(), 0);
    }

    private FrameCase text(int index, List<String> mutations, Map<String, Object> frame) {
        return textBytes(index, mutations, FuzzJson.write(frame));
    }

    /** A text frame; what the server must answer follows from its bytes. */
    private FrameCase textBytes(int index, List<String> mutations, byte[] payload) {
        int close = !FuzzJson.isUtf8(payload) ? 1007 : payload.length > 65_536 ? 1009 : 0;
        return new FrameCase(
                index, mutations, RawSocket.frame(0x81, true, payload), close, close == 0 ? payload : null, 0);
    }

    private Map<String, Object> valid(int index, Command command, Random r) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", command.type());
        command.fields().forEach((field, type) -> {
            if (command.required().contains(field) || r.nextInt(3) > 0) {
                frame.put(field, value(index, field, type, r));
            }
        });
        return frame;
    }

    private Object value(int index, String field, String type, Random r) {
        return switch (field) {
            case "id" -> "f" + index;
            case "chatId" -> r.nextInt(12) == 0 ? (long) r.nextInt(500) : pick(r, fixture.chats());
            case "text" -> r.nextInt(4) == 0 ? FuzzJson.text(r) : FuzzJson.printable(r, 1 + r.nextInt(40));
            case "clientMsgId" -> "w-" + r.nextInt(r.nextBoolean() ? 40 : 1_000_000);
            case "replyTo", "messageId" ->
                r.nextInt(4) == 0 ? pick(r, fixture.otherMessages()) : pick(r, fixture.ownMessages());
            case "seq" -> (long) r.nextInt(60);
            case "token" -> r.nextInt(3) == 0 ? pick(r, fixture.otherTokens()) : fixture.token();
            case "chats" -> {
                Map<String, Object> chats = new LinkedHashMap<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    chats.put(Long.toString(pick(r, fixture.chats())), (long) r.nextInt(40));
                }
                yield chats;
            }
            default -> "integer".equals(type) ? (Object) (long) r.nextInt(100) : FuzzJson.printable(r, 8);
        };
    }

    /**
     * Breaks the command's JSON in one way. The id of a write (send, edit, delete, read) is left
     * alone, so each one's answer can be told apart (the parser reads the id before anything else).
     */
    private void mutateJson(int index, Map<String, Object> frame, Command command, Random r, List<String> mutations) {
        List<String> fields = new ArrayList<>(command.fields().keySet());
        if (WRITES.contains(command.type())) {
            fields.remove("id");
        }
        String field = fields.isEmpty() ? "chatId" : pick(r, fields);
        String type = command.fields().getOrDefault(field, "string");
        switch (r.nextInt(14)) {
            case 0 -> {
                frame.remove(field);
                mutations.add("without " + field);
            }
            case 1 -> {
                String extra =
                        pick(r, List.of("zz", "__proto__", "userId", "authorId", "seq", "deleted", "role", "actorId"));
                frame.put(extra, FuzzJson.anyValue(r));
                mutations.add("extra " + extra);
            }
            case 2, 3 -> {
                frame.put(field, FuzzJson.anyValue(r));
                mutations.add("any value in " + field);
            }
            case 4 -> {
                String unknown = pick(r, UNKNOWN_TYPES);
                frame.put("type", unknown);
                mutations.add("type '" + unknown + "'");
            }
            case 5 -> {
                Object value = r.nextBoolean() ? FuzzJson.number(r) : r.nextBoolean() ? null : List.of("send");
                frame.put("type", value);
                mutations.add("type " + value);
            }
            case 6 -> {
                if (r.nextBoolean()) {
                    frame.remove("type");
                    mutations.add("without type");
                } else if (!WRITES.contains(String.valueOf(frame.get("type")))) {
                    frame.put("id", r.nextBoolean() ? "i".repeat(65 + r.nextInt(200)) : FuzzJson.anyValue(r));
                    mutations.add("odd id");
                }
            }
            case 7 -> {
                frame.put(field, FuzzJson.number(r));
                mutations.add("edge number in " + field);
            }
            case 8 -> {
                frame.put(field, r.nextBoolean() ? -1L - r.nextInt(100) : Long.MIN_VALUE);
                mutations.add("negative " + field);
            }
            case 9 -> {
                String bad = pick(r, List.of("\\u0000", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\uDBFF"));
                frame.put(field, FuzzJson.escaped(r, bad));
                mutations.add(bad + " in " + field);
            }
            case 10 -> {
                frame.put(field, "x".repeat(r.nextBoolean() ? 4001 + r.nextInt(100) : 64 + r.nextInt(3)));
                mutations.add("long " + field);
            }
            case 11 -> {
                frame.put(field, FuzzJson.nested(400 + r.nextInt(3000), r.nextBoolean()));
                mutations.add("deep nesting in " + field);
            }
            case 12 -> {
                Map<String, Object> chats = new LinkedHashMap<>();
                chats.put(pick(r, List.of("abc", "-1", "1.5", "99999999999999999999", "", " 1")), FuzzJson.anyValue(r));
                chats.put(
                        Long.toString(pick(r, fixture.chats())),
                        pick(r, List.of(-1, 1.5, "3", Raw.of("1e400"), Raw.of("9223372036854775808"))));
                frame.put("chats", chats);
                mutations.add("odd chats");
            }
            default -> {
                frame.put(
                        "type", pick(r, List.of("send", "edit", "delete", "read", "typing", "resume", "ping", "auth")));
                frame.put("id", "f" + index);
                mutations.add("type changed to " + frame.get("type"));
            }
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
