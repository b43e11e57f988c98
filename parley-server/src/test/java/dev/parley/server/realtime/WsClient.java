package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (the JDK's) that collects every frame the server sends. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    record Close(int code, String reason) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<Map<String, Object>> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects with the token as a query parameter. */
    static WsClient connect(int port, String token) {
        return open(
                URI.create("ws://localhost:" + port + "/ws" + (token == null ? "" : "?token=" + token)), true, null);
    }

    /** Connects with the token in Sec-WebSocket-Protocol, next to parley.v1. */
    static WsClient connectWithProtocolHeader(int port, String token) {
        return open(URI.create("ws://localhost:" + port + "/ws"), true, token);
    }

    /** Connects, then reads nothing until {@link #startReading()}: a consumer that stalls. */
    static WsClient connectNotReading(int port, String token) {
        return open(URI.create("ws://localhost:" + port + "/ws?token=" + token), false, null);
    }

    private static WsClient open(URI uri, boolean reading, String protocolToken) {
        WsClient client = new WsClient(reading);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (protocolToken != null) {
            builder.subprotocols("parley.v1", "bearer." + protocolToken);
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    /** Connects and resumes with {@code chats} (chat id to last seq); waits for {@code resumed}. */
    static WsClient live(int port, String token, Map<Long, Long> chats) {
        WsClient client = connect(port, token);
        client.await("ready");
        client.send(Map.of("type", "resume", "id", "resume-1", "chats", chats));
        client.await("resumed");
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readValue(partial.toString(), Map.class));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    void startReading() {
        socket.request(1);
    }

    void send(Map<String, Object> frame) {
        sendText(JSON.writeValueAsString(frame));
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame, whatever it is. */
    Map<String, Object> next() {
        try {
            Map<String, Object> frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within " + WAIT).isNotNull();
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame, or null once the connection closed. */
    Map<String, Object> nextOrClose() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Object> frame = frames.poll(10, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    return frame;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (closed.isDone()) {
                return frames.poll();
            }
        }
        throw new AssertionError("neither a frame nor a close within " + WAIT);
    }

    /** The next frame of this type; frames of other types before it are returned in {@code skipped}. */
    Map<String, Object> await(String type) {
        return awaitMatching(f -> type.equals(f.get("type")), new ArrayList<>());
    }

    Map<String, Object> awaitMatching(Predicate<Map<String, Object>> match, List<Map<String, Object>> skipped) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> frame;
            try {
                frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                break;
            }
            if (match.test(frame)) {
                return frame;
            }
            skipped.add(frame);
        }
        throw new AssertionError("no matching frame within " + WAIT + "; got " + skipped);
    }

    /** Frames received so far and not yet taken. */
    List<Map<String, Object>> drain() {
        List<Map<String, Object>> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** Frames that arrive within {@code quiet}. */
    List<Map<String, Object>> collectFor(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        return drain();
    }

    Close awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        socket.abort();
    }
}
