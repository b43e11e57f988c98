package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.core.delivery.InProcessBus;
import dev.parley.core.delivery.StreamEntry;
import dev.parley.core.delivery.StreamStore;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/** The node-local fan-out, without sockets: ordering, recovery, shared bytes and bounds. */
class HubTest {

    private final InProcessBus bus = new InProcessBus();
    private final Blocking blocking = new Blocking(4);
    private final FakeStore store = new FakeStore();
    private final Frames frames = new Frames(
            JsonMapper.builder().build(),
            new dev.parley.server.media.FileLinks(
                    new dev.parley.server.account.ServerSecret(new byte[32]),
                    java.time.Clock.systemUTC(),
                    java.time.Duration.ofHours(1)));
    private final ParleyProperties properties = new Binder(new MapConfigurationPropertySource(
                    Map.of("parley.realtime.gap-timeout", "50ms", "parley.realtime.max-held-events", "5")))
            .bindOrCreate("parley", ParleyProperties.class);
    private final Replayer replayer = new Replayer(
            store,
            frames,
            blocking,
            new RecentEvents(1 << 20, 1000),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final FanoutShards shards = new FanoutShards(2, 1000, registry);
    private final Hub hub = new Hub(
            bus,
            shards,
            replayer,
            properties,
            registry,
            new dev.parley.server.metrics.PrometheusGauges(registry, "test"),
            new dev.parley.server.account.EndedSessions(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(15)),
            java.time.Clock.systemUTC());
    private int connectionMaxHeld = 5;
    private final Map<Connection, FakeTransport> transports = new java.util.HashMap<>();

    @AfterEach
    void stop() {
        shards.close();
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

        assertThat(first(a)).isSameAs(frame);
        assertThat(first(b)).isSameAs(frame);
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
    void aMessageThatReachedItsFollowersThroughTheStoreFirstStillCountsItsLatencyOnce() throws Exception {
        Connection a = connection(1);
        store.stored = List.of(event(7, 1));
        hub.follow(a, 7, 0, 0); // the stream reads the store once it exists (the gap timeout, 50 ms here)
        assertThat(seqs(a, 1)).containsExactly(1L);

        bus.publish(new StreamEvent(7, 1, null, false, false, event(7, 1).frame(), System.nanoTime() - 1_000_000));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (registry.timer("chat.messages.latency").count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the live event is handled on the chat's shard
        }
        assertThat(registry.timer("chat.messages.latency").count()).isEqualTo(1);
        assertThat(registry.timer("chat.messages.latency").totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(1);
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
        FakeTransport session = new FakeTransport();
        Connection a = connection(1, session);
        hub.follow(a, 7, 0, 4); // the stream is at 4, the connection at 0: it replays 1..4, which hangs

        for (long seq = 5; seq <= 10; seq++) {
            bus.publish(event(7, seq));
        }

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!a.isClosed() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // events fan out on the chat's shard
        }
        assertThat(a.isClosed())
                .as("closed as a slow consumer once more than 5 wait")
                .isTrue();
        while (session.closedWith == null && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the socket itself is closed off the caller's thread
        }
        assertThat(session.closedWith).isEqualTo(4008);
        store.blockReplays.countDown();
    }

    @Test
    void aStreamStopsWaitingForAGapOnceTooMuchPilesUpAndFollowersFillItThemselves() {
        connectionMaxHeld = 100;
        FakeTransport session = new FakeTransport();
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
        FakeTransport session = new FakeTransport();
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

    @Test
    void theHeartbeatPingsLiveConnectionsAndClosesExpiredAndSilentOnes() {
        FakeTransport live = new FakeTransport();
        FakeTransport expired = new FakeTransport();
        FakeTransport silent = new FakeTransport();
        Connection a = connection(1, live);
        Connection b = connection(2, expired);
        Connection c = connection(3, silent);
        java.time.Instant now = java.time.Instant.parse("2026-11-24T10:00:00Z");
        a.token("s", now.plusSeconds(60));
        b.token("s", now);
        c.token("s", now.plusSeconds(60));
        long nanos = System.nanoTime();
        a.touched(nanos);
        b.touched(nanos);
        c.touched(nanos - properties.realtime().idleTimeout().toNanos() - 1);

        hub.heartbeat(nanos, now);

        assertThat(live.pings).isEqualTo(1);
        assertThat(live.closedWith).isNull();
        assertThat(expired.closedWith).isEqualTo(4003);
        assertThat(silent.closedWith).isEqualTo(4010);
        assertThat(expired.pings + silent.pings).isZero();
    }

    @Test
    void aFollowerCatchingUpOnEventsSentLiveGetsThemFromMemory() {
        Connection a = connection(1);
        hub.follow(a, 7, 0, 0);
        List<byte[]> live = new ArrayList<>();
        for (long seq = 1; seq <= 3; seq++) {
            StreamEvent e = event(7, seq);
            live.add(e.frame());
            bus.publish(e);
        }
        assertThat(seqs(a, 3)).containsExactly(1L, 2L, 3L);
        store.stored = List.of(event(7, 1), event(7, 2), event(7, 3));

        Connection b = connection(2);
        hub.follow(b, 7, 0, 3); // the stream is at 3, b at 0: it catches up on 1..3

        for (byte[] frame : live) {
            assertThat(first(b)).as("the very bytes sent live").isSameAs(frame);
        }
        assertThat(store.reads)
                .as("store reads (the stream itself may look past 3 for anything the bus lost)")
                .allMatch(after -> after >= 3);
    }

    @Test
    void afterAnEditOrDeletionEarlierEventsAreReadFromTheStoreAgain() {
        Connection a = connection(1);
        hub.follow(a, 7, 0, 0);
        bus.publish(event(7, 1));
        bus.publish(event(7, 2));
        bus.publish(new StreamEvent(7, 3, null, false, true, "{\"seq\":3}".getBytes(StandardCharsets.UTF_8), 0));
        assertThat(seqs(a, 3)).containsExactly(1L, 2L, 3L);
        store.stored = List.of(event(7, 1), event(7, 2));

        Connection b = connection(2);
        hub.follow(b, 7, 0, 2);

        for (int i = 0; i < 2; i++) {
            assertThat(new String(first(b), StandardCharsets.UTF_8))
                    .as("rendered by the store as it is now, not the frame sent before the deletion")
                    .contains("message_deleted");
        }
        assertThat(store.reads).contains(0L);
    }

    private static StreamEvent event(long chatId, long seq) {
        return new StreamEvent(chatId, seq, null, false, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private Connection connection(long userId) {
        return connection(userId, new FakeTransport());
    }

    private Connection connection(long userId, FakeTransport session) {
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

                    @Override
                    public int maxPendingSends() {
                        return 100;
                    }
                },
                replayer,
                frames,
                new CommandRate(new TokenBucket(10, 10, System.nanoTime()), 10),
                ConnectionListener.NONE);
        transports.put(c, session);
        hub.register(c);
        c.start();
        c.resumed(null);
        return c;
    }

    private byte[] first(Connection c) {
        return transports.get(c).next();
    }

    /** The seqs of the next {@code count} frames the connection sends. */
    private List<Long> seqs(Connection c, int count) {
        FakeTransport transport = transports.get(c);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var matcher = java.util.regex.Pattern.compile("\"seq\":(\\d+)")
                    .matcher(new String(transport.next(), StandardCharsets.UTF_8));
            seqs.add(matcher.find() ? Long.parseLong(matcher.group(1)) : -1L);
        }
        return seqs;
    }

    /** A store holding some events; replays can be made to hang. */
    private static final class FakeStore implements StreamStore {
        volatile List<StreamEvent> stored = List.of();
        volatile CountDownLatch blockReplays;
        /** The {@code afterSeq} of every read, in order. */
        final List<Long> reads = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<StreamEntry> after(long chatId, long afterSeq, int limit) {
            reads.add(afterSeq);
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

        @Override
        public Map<Long, Long> lastSeqs(java.util.Collection<Long> chatIds) {
            Map<Long, Long> last = new java.util.HashMap<>();
            for (StreamEvent e : stored) {
                if (chatIds.contains(e.chatId())) {
                    last.merge(e.chatId(), e.seq(), Math::max);
                }
            }
            return last;
        }
    }

    /** A stored event as the store answers it (rendered by the real frames: a deletion with its seq). */
    private static StreamEntry entry(StreamEvent e) {
        var event = new dev.parley.core.chat.ChatEvent.OfMessage(
                e.chatId(),
                e.seq(),
                dev.parley.core.chat.EventKind.MESSAGE_DELETED,
                1,
                e.seq(),
                java.time.Instant.EPOCH);
        return new StreamEntry(event, null, null);
    }

    /** A socket that keeps what is written to it, on the caller's thread. */
    private static final class FakeTransport implements Transport {
        private final BlockingQueue<byte[]> flushed = new LinkedBlockingQueue<>();
        private final List<byte[]> written = new ArrayList<>();
        volatile Integer closedWith;
        volatile int pings;

        /** The next frame written and flushed; fails after 5 s without one. */
        byte[] next() {
            try {
                byte[] frame = flushed.poll(5, TimeUnit.SECONDS);
                assertThat(frame).as("a frame within 5 s").isNotNull();
                return frame;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public Executor ioThread() {
            return Runnable::run;
        }

        @Override
        public synchronized void write(byte[] frame) {
            written.add(frame);
        }

        @Override
        public synchronized void flush() {
            flushed.addAll(written);
            written.clear();
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public long unsentBytes() {
            return 0;
        }

        @Override
        public void abort() {}

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void close(CloseStatus status) {
            closedWith = status.getCode();
        }
    }
}
