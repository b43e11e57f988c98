package dev.parley.server.realtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * What the WebSocket fuzzer knows of its writes (send, edit, delete, read): those sent and not yet
 * answered, what their acknowledgements say, and those whose answer never came; from which it can
 * tell whether what is stored is what was acknowledged, and nothing else.
 */
final class WriteLedger {

    private final Consumer<String> failures;
    /** Writes sent on the open connection and not yet answered, by id. */
    private final Map<String, Map<String, Object>> pending = new HashMap<>();
    /** Per chat, the seqs of acknowledged sends, edits and deletes. */
    private final Map<Long, Set<Long>> acked = new HashMap<>();
    /** Per message, the texts it may hold; the messages a delete may have named; those the fuzzer sent. */
    private final Map<Long, Set<String>> texts = new HashMap<>();

    private final Set<Long> deletable = new HashSet<>();
    private final Set<Long> sent = new HashSet<>();
    /** Messages the fuzzer created, with their text and reply; and those edited or deleted since (or maybe). */
    private final Map<Long, List<Object>> created = new HashMap<>();

    private final Set<Long> changed = new HashSet<>();
    /** Writes whose answer never came (the connection closed first): per chat, and sends by clientMsgId. */
    private final Map<Long, Integer> unknown = new HashMap<>();

    private final Map<String, String> unknownSends = new HashMap<>();
    private final Map<Long, Long> readSeqs = new HashMap<>();
    /** Every case that sent a clientMsgId, and what came of it: to explain a message no send explains. */
    private final Map<String, List<String>> byClientMsgId = new HashMap<>();

    WriteLedger(Consumer<String> failures) {
        this.failures = failures;
    }

    /**
     * A message the server reads as a JSON object ({@code node}, and as a map) was sent: a write is
     * remembered by its id, which the answer echoes whatever else is wrong with it.
     */
    void sent(String described, JsonNode node, Map<String, Object> command) {
        if (command.get("clientMsgId") instanceof String clientMsgId) {
            byClientMsgId
                    .computeIfAbsent(clientMsgId.strip(), k -> new ArrayList<>())
                    .add(described);
        }
        if (!node.path("type").isString()
                || !FrameCases.WRITES.contains(node.path("type").asString())) {
            return;
        }
        String id = node.path("id").isString() ? node.path("id").asString() : null;
        if (id != null && id.length() <= 64 && !pending.containsKey(id)) {
            pending.put(id, command);
        } else {
            unanswered(command); // its answer cannot be told from others'
        }
    }

    /** A frame of the server: an ack or error may answer a write. */
    void answered(Map<String, Object> frame) {
        Object type = frame.get("type");
        if (!"ack".equals(type) && !"error".equals(type)) {
            return;
        }
        Map<String, Object> command = pending.remove(String.valueOf(frame.get("id")));
        if (command != null && command.get("clientMsgId") instanceof String clientMsgId) {
            byClientMsgId
                    .computeIfAbsent(clientMsgId.strip(), k -> new ArrayList<>())
                    .add("answered " + frame);
        }
        if (command == null || "error".equals(type)) {
            return;
        }
        if (!(frame.get("chatId") instanceof Number chat)) {
            failures.accept("an ack without its chatId: " + frame + " for " + command);
            return;
        }
        if ("read".equals(command.get("type"))) {
            readSeqs.merge(chat.longValue(), num(frame.get("readSeq")), Math::max);
            return;
        }
        long message = num(frame.get("messageId"));
        acked.computeIfAbsent(chat.longValue(), k -> new HashSet<>()).add(num(frame.get("seq")));
        String text = command.get("text") instanceof String t ? t.strip() : "(" + command.get("text") + ")";
        switch ((String) command.get("type")) {
            case "send" -> {
                List<Object> asSent = Arrays.asList(text, command.get("replyTo"));
                if (!Boolean.TRUE.equals(frame.get("duplicate"))) {
                    sent.add(message);
                    created.put(message, asSent);
                    texts.computeIfAbsent(message, k -> new HashSet<>()).add(text);
                } else if (created.containsKey(message)
                        && !changed.contains(message)
                        && !created.get(message).equals(asSent)) {
                    failures.accept("a send that reused clientMsgId " + command.get("clientMsgId") + " with another"
                            + " text or reply was acknowledged as a retry of message " + message + " "
                            + created.get(message) + ": " + command);
                }
            }
            case "edit" -> {
                changed.add(message);
                texts.computeIfAbsent(message, k -> new HashSet<>()).add(text);
            }
            default -> {
                changed.add(message);
                deletable.add(message);
            }
        }
    }

    /** Whether writes sent on the open connection still wait for their answer. */
    boolean waiting() {
        return !pending.isEmpty();
    }

    /** The connection is gone: the writes it never answered may or may not have been stored. */
    void lost() {
        pending.values().forEach(this::unanswered);
        pending.clear();
    }

    private void unanswered(Map<String, Object> command) {
        if (command.get("chatId") instanceof Number chat) {
            unknown.merge(chat.longValue(), 1, Integer::sum);
        }
        if (command.get("messageId") instanceof Number message) {
            changed.add(message.longValue());
            if (command.get("text") instanceof String text) {
                texts.computeIfAbsent(message.longValue(), k -> new HashSet<>()).add(text.strip());
            } else {
                deletable.add(message.longValue());
            }
        }
        if ("send".equals(command.get("type")) && command.get("text") instanceof String text) {
            unknownSends.put(String.valueOf(command.get("clientMsgId")).strip(), text.strip());
        }
    }

    /**
     * Whether a chat holds what was acknowledged and nothing else: its seq moved from {@code base}
     * to {@code now} by the acknowledged writes (and at most the unanswered ones); each message
     * traces back to an acknowledged send (or was there {@code before}), holds a text some
     * acknowledged command gave it, and is deleted only if a delete was acknowledged.
     */
    void check(
            long chat,
            long base,
            long now,
            Collection<Map<String, Object>> messages,
            Map<Long, Map<String, Object>> before) {
        long newAcked = acked.getOrDefault(chat, Set.of()).stream()
                .filter(s -> s > base)
                .count();
        int open = unknown.getOrDefault(chat, 0);
        if (now - base < newAcked || now - base > newAcked + open) {
            failures.accept("chat " + chat + " moved from seq " + base + " to " + now + ", but " + newAcked
                    + " writes were acknowledged (and " + open + " went unanswered)");
        }
        for (Map<String, Object> m : messages) {
            long id = num(m.get("id"));
            Set<String> allowed = new HashSet<>(texts.getOrDefault(id, Set.of()));
            Map<String, Object> old = before.get(id);
            if (old != null) {
                allowed.add((String) old.get("text"));
            } else if (!sent.contains(id) && !unknownSends.containsKey(m.get("clientMsgId"))) {
                failures.accept("message " + m + " was stored though no send of it was acknowledged; the frames with"
                        + " its clientMsgId: " + byClientMsgId.get(m.get("clientMsgId")));
                continue;
            } else if (!sent.contains(id)) {
                allowed.add(unknownSends.get(m.get("clientMsgId")));
            }
            if (Boolean.TRUE.equals(m.get("deleted")) ? !deletable.contains(id) : !allowed.contains(m.get("text"))) {
                failures.accept(
                        "message " + m + " holds what no acknowledged command gave it (allowed: " + allowed + ")");
            }
        }
    }

    /** Where the acknowledged reads left a chat's read cursor, from {@code base}; null when a read went unanswered. */
    Long readSeq(long chat, long base) {
        return unknown.isEmpty() ? Math.max(base, readSeqs.getOrDefault(chat, base)) : null;
    }

    /** Acknowledged writes per chat, for the summary. */
    Map<Long, Integer> ackedPerChat() {
        Map<Long, Integer> sizes = new java.util.TreeMap<>();
        acked.forEach((chat, seqs) -> sizes.put(chat, seqs.size()));
        return sizes;
    }

    private static long num(Object value) {
        return ((Number) value).longValue();
    }
}
