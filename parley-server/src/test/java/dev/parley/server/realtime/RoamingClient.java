package dev.parley.server.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that stays connected the way the protocol asks: when its socket drops it reconnects to
 * the next of its servers and resumes from the last seq it has of each chat. It keeps a ledger of
 * every chat's stream (a seq at or below the last one is a duplicate, one past it a gap) and, as a
 * sender, resends what was not acknowledged with the same clientMsgId.
 */
final class RoamingClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> STREAM_EVENTS = Set.of(
            "message_created",
            "message_edited",
            "message_deleted",
            "member_joined",
            "member_added",
            "member_left",
            "member_removed",
            "role_changed");

    private final List<URI> servers;
    private final String token;
    private final AtomicInteger next;
    private final Map<Long, Long> cursors = new ConcurrentHashMap<>();
    private final Map<Long, List<Long>> received = new ConcurrentHashMap<>();
    private final Map<String, String> unacked = new LinkedHashMap<>();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final List<String> nodes = new CopyOnWriteArrayList<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    private volatile Consumer<Map<String, Object>> onSignal = f -> {};
    private final java.util.concurrent.ExecutorService writer =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "roaming-writer");
                t.setDaemon(true);
                return t;
            });
    private volatile WebSocket socket;
    private volatile boolean live;
    private volatile boolean closed;

    RoamingClient(List<URI> servers, int first, String token) {
        this.servers = servers;
        this.next = new AtomicInteger(first);
        this.token = token;
        connect();
    }

    /** Frames that are not stream events, acks or the handshake (presence, typing, read). */
    void onSignal(Consumer<Map<String, Object>> listener) {
        this.onSignal = listener;
    }

    /** The nodes this client was served by, in order (from each {@code ready}). */
    List<String> nodes() {
        return List.copyOf(nodes);
    }

    boolean isLive() {
        return live;
    }

    long cursor(long chatId) {
        return cursors.getOrDefault(chatId, 0L);
    }

    List<Long> received(long chatId) {
        return List.copyOf(received.getOrDefault(chatId, List.of()));
    }

    /** Acknowledged sends: clientMsgId to seq. */
    Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    synchronized int unackedCount() {
        return unacked.size();
    }

    /** Sends a message with this clientMsgId now if connected, and again after every reconnect until acked. */
    void send(long chatId, String clientMsgId, String text) {
        String frame = JSON.writeValueAsString(
                Map.of("type", "send", "id", clientMsgId, "chatId", chatId, "text", text, "clientMsgId", clientMsgId));
        synchronized (this) {
            unacked.put(clientMsgId, frame);
        }
        if (live) {
            sendText(frame);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        URI server = servers.get(Math.floorMod(next.getAndIncrement(), servers.size()));
        HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(server + "/ws?token=" + token), new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        retry();
                    } else {
                        connects.incrementAndGet();
                    }
                });
    }

    private void retry() {
        live = false;
        if (!closed) {
            java.util.concurrent.CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(this::connect);
        }
    }

    /** Sends in order, one at a time (as the JDK's WebSocket requires), never on the listener's thread. */
    private void sendText(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        writer.execute(() -> {
            try {
                ws.sendText(text, true).join();
            } catch (RuntimeException e) {
                // dropped: the listener reconnects, and a send is sent again after the resume
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void handle(Map<String, Object> frame) {
        String type = (String) frame.get("type");
        if ("ready".equals(type)) {
            nodes.add((String) frame.get("node"));
            Map<String, Long> has = new LinkedHashMap<>();
            cursors.forEach((chat, seq) -> has.put(Long.toString(chat), seq));
            sendText(JSON.writeValueAsString(Map.of("type", "resume", "id", "resume", "chats", has)));
        } else if ("resumed".equals(type)) {
            ((Map<String, Object>) frame.get("chats"))
                    .forEach((chat, last) -> cursors.putIfAbsent(Long.parseLong(chat), ((Number) last).longValue()));
            live = true;
            List<String> resend;
            synchronized (this) {
                resend = new ArrayList<>(unacked.values());
            }
            resend.forEach(this::sendText);
        } else if ("ack".equals(type) && frame.get("seq") != null) {
            String id = (String) frame.get("id");
            synchronized (this) {
                unacked.remove(id);
            }
            acked.put(id, ((Number) frame.get("seq")).longValue());
        } else if (STREAM_EVENTS.contains(type)) {
            long chat = ((Number) frame.get("chatId")).longValue();
            long seq = ((Number) frame.get("seq")).longValue();
            long cursor = cursors.getOrDefault(chat, 0L);
            if (seq <= cursor) {
                duplicates.incrementAndGet();
                return;
            }
            if (seq != cursor + 1) {
                gaps.incrementAndGet();
            }
            cursors.put(chat, seq);
            received.computeIfAbsent(chat, c -> new CopyOnWriteArrayList<>()).add(seq);
        } else if ("refetch".equals(type)) {
            gaps.incrementAndGet(); // not expected with these few messages
        } else {
            onSignal.accept(frame);
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket; // before any frame is handled: the resume goes out on it
            webSocket.request(1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> frame = JSON.readValue(partial.toString(), Map.class);
                partial.setLength(0);
                handle(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            retry();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            retry();
        }
    }
}
