package dev.parley.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a soak counts, from any thread: operations by kind, unexpected errors by kind (with the
 * first few in full), deliveries, and every acknowledged message (chat, clientMsgId, seq), which
 * must each have one seq, and no two of them the same one.
 */
final class SoakTally {

    /** The operation kinds, in the order the report lists them. */
    static final List<String> KINDS = List.of(
            "ws-send",
            "rest-send",
            "rest-retry",
            "ws-resend",
            "history",
            "search",
            "login",
            "refresh",
            "reconnect",
            "refetched");

    private static final int ERRORS_KEPT = 20;

    private final Map<String, AtomicLong> ops = new LinkedHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final List<String> firstErrors = new ArrayList<>();
    private final AtomicLong errorCount = new AtomicLong();
    private final Map<Long, Map<String, Long>> seqByClientMsgId = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> ackedSeqs = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    final AtomicLong delivered = new AtomicLong();
    final Latency delivery = new Latency();

    SoakTally() {
        KINDS.forEach(kind -> ops.put(kind, new AtomicLong()));
    }

    void op(String kind) {
        op(kind, 1);
    }

    void op(String kind, long count) {
        ops.get(kind).addAndGet(count);
    }

    /** Something that should not have happened; any of them fails the run. */
    void error(String kind, String detail) {
        errorCount.incrementAndGet();
        errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        note(kind, detail);
    }

    /** Keeps the detail of something counted elsewhere (a ledger's duplicate, say) with the first errors. */
    void note(String kind, String detail) {
        synchronized (firstErrors) {
            if (firstErrors.size() < ERRORS_KEPT) {
                firstErrors.add(String.format("%.1fs %s: %s", (System.nanoTime() - started) / 1e9, kind, detail));
            }
        }
    }

    /** A message the server acknowledged (an ack frame, or a REST answer) with this seq. */
    void acked(long chatId, String clientMsgId, long seq) {
        Long earlier = seqByClientMsgId
                .computeIfAbsent(chatId, c -> new ConcurrentHashMap<>())
                .putIfAbsent(clientMsgId, seq);
        if (earlier != null) {
            if (earlier != seq) {
                error(
                        "idempotency",
                        "clientMsgId " + clientMsgId + " was acknowledged as seq " + earlier + " and " + seq
                                + " (stored twice)");
            }
            return;
        }
        if (!ackedSeqs
                .computeIfAbsent(chatId, c -> ConcurrentHashMap.newKeySet())
                .add(seq)) {
            error("seq", "chat " + chatId + " seq " + seq + " was acknowledged for two messages");
        }
    }

    /** How many distinct messages of the chat were acknowledged. */
    long acknowledged(long chatId) {
        return ackedSeqs.getOrDefault(chatId, Set.of()).size();
    }

    long errors() {
        return errorCount.get();
    }

    Map<String, Long> ops() {
        Map<String, Long> counts = new LinkedHashMap<>();
        ops.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }

    /** {@code ws-send=12 rest-send=3 ...}: every kind, counted since the start. */
    String opsLine() {
        StringBuilder line = new StringBuilder();
        ops.forEach((kind, count) ->
                line.append(kind).append('=').append(count.get()).append(' '));
        return line.toString().strip();
    }
}
