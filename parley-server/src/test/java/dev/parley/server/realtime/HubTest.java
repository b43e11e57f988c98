package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.core.delivery.InProcessBus;
import dev.parley.core.delivery.StreamEntry;
import dev.parley.core.delivery.StreamStore;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The node-local fan-out, without sockets: ordering, recovery, shared bytes and bounds. */
class HubTest {

    private final InProcessBus bus = new InProcessBus();
    private final Blocking blocking = new Blocking(4);
    private final FakeStore store = new FakeStore();
    private final Frames frames = new Frames(JsonMapper.builder().build());
    private final ParleyProperties properties = new Binder(new MapConfigurationPropertySource(
                    Map.of("parley.realtime.gap-timeout", "50ms", "parley.realtime.max-held-events", "5")))
            .bindOrCreate("parley", ParleyProperties.class);
    private final Replayer replayer = new Replayer(store, frames, blocking);
    private final Hub hub =
            new Hub(bus, replayer, properties, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private int connectionMaxHeld = 5;

    @AfterEach
    void stop() {
        blocking.destroy();
    }

    @Test
    void everyFollowerIsSentTheSameBytes() {
        Connection a = connection(1);
        Connection b = connection(2);
        hub.follow(a, 7, 0, 0);
        hub.follow(b, 7, 0, 0);
        byte[] frame = event(7, 1).frame();

        bus.publish(new StreamEvent(7, 1, null, false, frame));

        assertThat(nativeArray(first(a))).isSameAs(frame);
        assertThat(nativeArray(first(b))).isSameAs(frame);
    }

    @Test
    void eventsArrivingOutOfOrderLeaveInSeqOrder() {
        Connection a = connection(1);
        hub.follow(a, 7, 0, 0);

        bus.publish(event(7, 2));
        bus.publish(event(7, 1));
        bus.publish(event(7, 3));

        assertThat(seqs(a, 3)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anEventTheBusLostIsReadFromTheStore() {
        Connection a = connection(1);
        hub.follow(a, 7, 0, 0);
        store.stored = List.of(event(7, 1), event(7, 2));

        bus.publish(event(7, 2));

        assertThat(seqs(a, 2)).containsExactly(1L, 2L);
    }

    @Test
    void liveEventsHeldBehindASlowReplayAreBounded() {
        store.blockReplays = new CountDownLatch(1);
        FakeSession session = new FakeSession();
        Connection a = connection(1, session);
        hub.follow(a, 7, 0, 4); // the stream is at 4, the connection at 0: it replays 1..4, which hangs

        for (long seq = 5; seq <= 10; seq++) {
            bus.publish(event(7, seq));
        }

        assertThat(a.isClosed())
                .as("closed as a slow consumer once more than 5 wait")
                .isTrue();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (session.closedWith == null && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the socket itself is closed off the caller's thread
        }
        assertThat(session.closedWith).isEqualTo(4008);
        store.blockReplays.countDown();
    }

    @Test
    void aStreamStopsWaitingForAGapOnceTooMuchPilesUpAndFollowersFillItThemselves() {
        connectionMaxHeld = 100;
        FakeSession session = new FakeSession();
        Connection a = connection(1, session);
        hub.follow(a, 7, 0, 0);
        store.stored = List.of(event(7, 1), event(7, 2), event(7, 3));

        for (long seq = 3; seq <= 9; seq++) { // 1 and 2 never come over the bus; 7 events wait
            bus.publish(event(7, seq));
        }

        assertThat(session.closedWith).isNull();
        assertThat(seqs(a, 9)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aConnectionThatEndedLeavesNoStreamBehind() {
        FakeSession session = new FakeSession();
        Connection a = connection(1, session);
        hub.follow(a, 7, 0, 0);
        hub.follow(a, 8, 0, 0);
        assertThat(hub.liveChatCount()).isEqualTo(2);

        a.close(org.springframework.web.reactive.socket.CloseStatus.GOING_AWAY);
        a.ended();
        hub.unregister(a);

        assertThat(hub.liveChatCount()).isZero();
        assertThat(hub.connectionCount()).isZero();
    }

    private static StreamEvent event(long chatId, long seq) {
        return new StreamEvent(chatId, seq, null, false, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private Connection connection(long userId) {
        return connection(userId, new FakeSession());
    }

    private Connection connection(long userId, FakeSession session) {
        Connection c = new Connection(
                "c" + userId + session.hashCode(),
                userId,
                session,
                new Connection.Settings() {
                    @Override
                    public long maxQueuedBytes() {
                        return 1 << 20;
                    }

                    @Override
                    public int maxReplay() {
                        return 100;
                    }

                    @Override
                    public int maxHeldEvents() {
                        return connectionMaxHeld;
                    }
                },
                replayer,
                frames,
                new TokenBucket(10, 10, System.nanoTime()),
                Connection.Listener.NONE);
        hub.register(c);
        c.start();
        c.resumed(null);
        return c;
    }

    private static WebSocketMessage first(Connection c) {
        return c.outbound().blockFirst(Duration.ofSeconds(5));
    }

    /** The seqs of the next {@code count} frames the connection sends. */
    private static List<Long> seqs(Connection c, int count) {
        return c.outbound()
                .take(count)
                .map(m -> {
                    var matcher =
                            java.util.regex.Pattern.compile("\"seq\":(\\d+)").matcher(m.getPayloadAsText());
                    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1L;
                })
                .collectList()
                .block(Duration.ofSeconds(5));
    }

    private static byte[] nativeArray(WebSocketMessage message) {
        DataBuffer payload = message.getPayload();
        return ((DefaultDataBuffer) payload).getNativeBuffer().array();
    }

    /** A store holding some events; replays can be made to hang. */
    private static final class FakeStore implements StreamStore {
        volatile List<StreamEvent> stored = List.of();
        volatile CountDownLatch blockReplays;

        @Override
        public List<StreamEntry> after(long chatId, long afterSeq, int limit) {
            if (blockReplays != null) {
                try {
                    blockReplays.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }
            List<StreamEntry> entries = new ArrayList<>();
            for (StreamEvent e : stored) {
                if (e.chatId() == chatId && e.seq() > afterSeq && entries.size() < limit) {
                    entries.add(entry(e));
                }
            }
            return entries;
        }

        @Override
        public Map<Long, Long> positions(long userId) {
            return Map.of();
        }

        @Override
        public Set<Long> contacts(long userId, int maxMembers) {
            return Set.of();
        }
    }

    /** A stored event as the store answers it (rendered by the real frames: a deletion with its seq). */
    private static StreamEntry entry(StreamEvent e) {
        var event = new dev.parley.core.chat.ChatEvent(
                e.chatId(),
                e.seq(),
                dev.parley.core.chat.EventKind.MESSAGE_DELETED,
                1,
                e.seq(),
                null,
                null,
                java.time.Instant.EPOCH);
        return new StreamEntry(event, null, null);
    }

    private static final class FakeSession implements WebSocketSession {
        private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        volatile Integer closedWith;

        @Override
        public String getId() {
            return "fake";
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            return new HandshakeInfo(URI.create("ws://localhost/ws"), new HttpHeaders(), Mono.empty(), null);
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return buffers;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return Flux.never();
        }

        @Override
        public Mono<Void> send(org.reactivestreams.Publisher<WebSocketMessage> messages) {
            return Mono.empty();
        }

        @Override
        public boolean isOpen() {
            return closedWith == null;
        }

        @Override
        public Mono<Void> close(CloseStatus status) {
            closedWith = status.getCode();
            return Mono.empty();
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return Mono.never();
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return new WebSocketMessage(
                    WebSocketMessage.Type.TEXT, buffers.wrap(payload.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return new WebSocketMessage(WebSocketMessage.Type.BINARY, payloadFactory.apply(buffers));
        }

        @Override
        public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return new WebSocketMessage(WebSocketMessage.Type.PING, payloadFactory.apply(buffers));
        }

        @Override
        public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return new WebSocketMessage(WebSocketMessage.Type.PONG, payloadFactory.apply(buffers));
        }
    }
}
