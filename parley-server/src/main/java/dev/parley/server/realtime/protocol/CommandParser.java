package dev.parley.server.realtime.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads one text frame into a {@link Command}, or says precisely what is wrong with it. */
public final class CommandParser {

    public static final String TYPES = "send, edit, delete, read, react, typing, resume, ping, auth";
    private static final int MAX_ID_LENGTH = 64;

    private final JsonMapper json;

    public CommandParser(JsonMapper json) {
        this.json = json;
    }

    public Command parse(String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (JacksonException e) {
            throw new ProtocolException("malformed_json", "the frame is not well-formed JSON", null);
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("malformed_json", "a frame must be a JSON object with a 'type'", null);
        }
        String id = optionalText(node, "id", null);
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(
                    "invalid_field", "id is " + id.length() + " characters; at most " + MAX_ID_LENGTH, null);
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw new ProtocolException("missing_field", "every frame needs a string 'type'; one of: " + TYPES, id);
        }
        if (!type.isString()) {
            throw new ProtocolException("invalid_field", "'type' must be a string; one of: " + TYPES, id);
        }
        return switch (type.asString()) {
            case "send" ->
                new Command.Send(
                        id,
                        number(node, "chatId", id),
                        node.has("attachments") ? optionalText(node, "text", id) : text(node, "text", id),
                        text(node, "clientMsgId", id),
                        optionalNumber(node, "replyTo", id),
                        texts(node, "attachments", id));
            case "edit" ->
                new Command.Edit(
                        id,
                        number(node, "chatId", id),
                        number(node, "messageId", id),
                        node.has("removeAttachments") ? optionalText(node, "text", id) : text(node, "text", id),
                        texts(node, "removeAttachments", id));
            case "delete" -> new Command.Delete(id, number(node, "chatId", id), number(node, "messageId", id));
            case "read" -> new Command.Read(id, number(node, "chatId", id), number(node, "seq", id));
            case "react" ->
                new Command.React(
                        id,
                        number(node, "chatId", id),
                        number(node, "messageId", id),
                        text(node, "emoji", id),
                        bool(node, "add", id));
            case "typing" -> new Command.Typing(number(node, "chatId", id));
            case "resume" -> new Command.Resume(id, chats(node, id));
            case "ping" -> new Command.Ping(id);
            case "auth" -> new Command.Auth(id, text(node, "token", id));
            default ->
                throw new ProtocolException(
                        "unknown_type", "unknown type '" + type.asString() + "'; known types: " + TYPES, id);
        };
    }

    private static Map<Long, Long> chats(JsonNode node, String id) {
        JsonNode chats = node.get("chats");
        Map<Long, Long> result = new LinkedHashMap<>();
        if (chats == null || chats.isNull()) {
            return result;
        }
        if (!chats.isObject()) {
            throw new ProtocolException("invalid_field", "chats must be an object of chat id to last seq", id);
        }
        for (var entry : chats.properties()) {
            long chatId;
            try {
                chatId = Long.parseLong(entry.getKey());
            } catch (NumberFormatException e) {
                throw new ProtocolException("invalid_field", "chats key '" + entry.getKey() + "' is not a chat id", id);
            }
            if (!entry.getValue().canConvertToExactIntegral()
                    || !entry.getValue().canConvertToLong()
                    || entry.getValue().asLong() < 0) {
                throw new ProtocolException("invalid_field", "chats." + chatId + " must be a seq (0 or more)", id);
            }
            result.put(chatId, entry.getValue().asLong());
        }
        return result;
    }

    private static long number(JsonNode node, String field, String id) {
        Long value = optionalNumber(node, field, id);
        if (value == null) {
            throw new ProtocolException("missing_field", field + " is required", id);
        }
        return value;
    }

    private static Long optionalNumber(JsonNode node, String field, String id) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ProtocolException("invalid_field", field + " must be an integer", id);
        }
        return value.asLong();
    }

    /** A list of strings; empty when absent. */
    private static java.util.List<String> texts(JsonNode node, String field, String id) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return java.util.List.of();
        }
        if (!value.isArray()) {
            throw new ProtocolException("invalid_field", field + " must be an array of strings", id);
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw new ProtocolException("invalid_field", field + " must be an array of strings", id);
            }
            items.add(item.asString());
        }
        return items;
    }

    private static boolean bool(JsonNode node, String field, String id) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException("missing_field", field + " is required", id);
        }
        if (!value.isBoolean()) {
            throw new ProtocolException("invalid_field", field + " must be true or false", id);
        }
        return value.asBoolean();
    }

    private static String text(JsonNode node, String field, String id) {
        String value = optionalText(node, field, id);
        if (value == null) {
            throw new ProtocolException("missing_field", field + " is required", id);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String id) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new ProtocolException("invalid_field", field + " must be a string", id);
        }
        return value.asString();
    }
}
