package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The latest stream events of recently active chats, as rendered frames, so that many clients
 * catching up on the same chat (a reconnect storm after a network blip or a node restart) are
 * served from memory instead of each reading the same events from the store.
 *
 * <p>Per chat it holds one gap-free run of seqs, at most {@code maxPerChat} long; over all chats at
 * most {@code maxBytes} of frames, the least recently used chat going first. An event that edits
 * or deletes a message drops the run before it (frames rendered earlier would show the old text),
 * and a run read from the store while such an event passed is not kept ({@link #generation()}).
 */
final class RecentEvents {

    /** Bytes counted per held event beyond its frame: the event, the deque slot. */
    private static final int OVERHEAD = 64;

    private final long maxBytes;
    private final int maxPerChat;
    private final LinkedHashMap<Long, ArrayDeque<StreamEvent>> chats = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long generation;

    RecentEvents(long maxBytes, int maxPerChat) {
        this.maxBytes = maxBytes;
        this.maxPerChat = maxPerChat;
    }

    /** Changes whenever an event revised earlier ones; read it before a store read, pass it to {@link #addAll}. */
    synchronized long generation() {
        return generation;
    }

    /** An event as it goes out live, in the chat's seq order. */
    synchronized void add(StreamEvent e) {
        if (maxBytes <= 0) {
            return;
        }
        if (e.revises()) {
            generation++;
            drop(e.chatId());
        }
        ArrayDeque<StreamEvent> run = chats.get(e.chatId());
        if (run != null && !run.isEmpty()) {
            long last = run.peekLast().seq();
            if (e.seq() <= last) {
                return;
            }
            if (e.seq() != last + 1) {
                drop(e.chatId()); // a gap: start a new run here
                run = null;
            }
        }
        if (run == null) {
            run = new ArrayDeque<>();
            chats.put(e.chatId(), run);
        }
        addLast(run, e);
        evict();
    }

    /**
     * Events of one chat read from the store, in seq order, when they join the held run on either
     * side (or there is none) and nothing was revised since {@code generation} was read.
     */
    synchronized void addAll(long chatId, long generation, List<StreamEvent> events) {
        if (maxBytes <= 0 || events.isEmpty() || generation != this.generation) {
            return;
        }
        ArrayDeque<StreamEvent> run = chats.get(chatId);
        if (run == null || run.isEmpty()) {
            run = new ArrayDeque<>();
            chats.put(chatId, run);
            append(run, events);
        } else if (events.get(0).seq() == run.peekLast().seq() + 1) {
            append(run, events);
        } else if (events.get(events.size() - 1).seq() + 1 == run.peekFirst().seq() && run.size() < maxPerChat) {
            for (int i = events.size() - 1; i >= 0 && run.size() < maxPerChat; i--) {
                run.addFirst(events.get(i));
                bytes += size(events.get(i));
            }
        }
        evict();
    }

    /**
     * The held events of the chat from {@code afterSeq + 1} on, at most {@code limit}; empty when
     * the run does not hold {@code afterSeq + 1}.
     */
    synchronized List<StreamEvent> after(long chatId, long afterSeq, int limit) {
        ArrayDeque<StreamEvent> run = chats.get(chatId);
        if (run == null || run.isEmpty()) {
            return List.of();
        }
        long first = run.peekFirst().seq();
        if (afterSeq + 1 < first || afterSeq + 1 > run.peekLast().seq()) {
            return List.of();
        }
        List<StreamEvent> events =
                new ArrayList<>((int) Math.min(limit, run.peekLast().seq() - afterSeq));
        Iterator<StreamEvent> it = run.iterator();
        for (long skip = afterSeq + 1 - first; skip > 0; skip--) {
            it.next();
        }
        while (it.hasNext() && events.size() < limit) {
            events.add(it.next());
        }
        return events;
    }

    synchronized long bytes() {
        return bytes;
    }

    private void append(ArrayDeque<StreamEvent> run, List<StreamEvent> events) {
        for (StreamEvent e : events) {
            addLast(run, e);
        }
    }

    /** Appends to the run, its oldest event going when the run is full. */
    private void addLast(ArrayDeque<StreamEvent> run, StreamEvent e) {
        run.addLast(e);
        bytes += size(e);
        if (run.size() > maxPerChat) {
            bytes -= size(run.pollFirst());
        }
    }

    private void drop(long chatId) {
        ArrayDeque<StreamEvent> run = chats.remove(chatId);
        if (run != null) {
            for (StreamEvent e : run) {
                bytes -= size(e);
            }
        }
    }

    private void evict() {
        if (bytes <= maxBytes) {
            return;
        }
        Iterator<ArrayDeque<StreamEvent>> eldest = chats.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            for (StreamEvent e : eldest.next()) {
                bytes -= size(e);
            }
            eldest.remove();
        }
    }

    private static long size(StreamEvent e) {
        return e.frame().length + OVERHEAD;
    }
}
