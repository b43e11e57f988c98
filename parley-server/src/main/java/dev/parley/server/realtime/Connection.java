package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.server.realtime.protocol.CloseCodes;
import dev.parley.server.realtime.protocol.Frame;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client socket: its outbound queue, bounded in bytes, and per chat the last seq it was sent.
 *
 * <p>Per chat, frames leave in seq order with no gap and no duplicate: an event at or below the
 * cursor is dropped; one past a gap first pulls the missing events from the store while later live
 * events wait (bounded) behind them. All state is guarded by this object's lock; a caller may hold
 * a chat stream's lock when calling in (never the other way round).
 */
final class Connection {

    interface Settings {
        long maxQueuedBytes();

        int maxReplay();

        int maxHeldEvents();
    }

    private static final class Cursor {
        long seq;
        boolean catchingUp;
        final ArrayDeque<StreamEvent> held = new ArrayDeque<>();

        Cursor(long seq) {
            this.seq = seq;
        }
    }

    final String id;
    final long userId;
    private final WebSocketSession session;
    private final Settings settings;
    private final Replayer replayer;
    private final Frames frames;
    private final Sinks.Many<WebSocketMessage> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> closedByServer = Sinks.empty();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Map<Long, Cursor> cursors = new HashMap<>();
    private final TokenBucket rate;
    private volatile long lastInboundNanos = System.nanoTime();
    private static final long REFUSAL_WINDOW_NANOS = 1_000_000_000L;
    private long refusalWindowStart;
    private int refusals;
    private boolean started;
    private boolean closed;
    private Disposable expiry;

    Connection(
            String id,
            long userId,
            WebSocketSession session,
            Settings settings,
            Replayer replayer,
            Frames frames,
            TokenBucket rate) {
        this.id = id;
        this.userId = userId;
        this.session = session;
        this.settings = settings;
        this.replayer = replayer;
        this.frames = frames;
        this.rate = rate;
    }

    /** What the socket sends; a message leaves the byte count once the transport takes it. */
    Flux<WebSocketMessage> outbound() {
        return out.asFlux().doOnNext(m -> queuedBytes.addAndGet(-m.getPayload().readableByteCount()));
    }

    long lastInboundNanos() {
        return lastInboundNanos;
    }

    void touched(long nanos) {
        lastInboundNanos = nanos;
    }

    /**
     * Takes a rate token; false when the command must be refused. More than {@code floodLimit}
     * refusals within a second close the connection (4009).
     */
    synchronized boolean admit(long nanos, int floodLimit) {
        if (rate.tryTake(nanos)) {
            return true;
        }
        if (nanos - refusalWindowStart > REFUSAL_WINDOW_NANOS) {
            refusalWindowStart = nanos;
            refusals = 0;
        }
        if (++refusals > floodLimit) {
            close(CloseCodes.RATE_LIMITED);
        }
        return false;
    }

    synchronized boolean started() {
        return started;
    }

    /** Marks live delivery as started (after {@code resume}); false when it already was. */
    synchronized boolean start() {
        if (started || closed) {
            return false;
        }
        started = true;
        return true;
    }

    synchronized boolean follows(long chatId) {
        return cursors.containsKey(chatId);
    }

    synchronized Set<Long> followed() {
        return Set.copyOf(cursors.keySet());
    }

    synchronized void replaceExpiry(Disposable timer) {
        if (expiry != null) {
            expiry.dispose();
        }
        expiry = timer;
    }

    /**
     * Starts following a chat from {@code cursor}; when the chat's stream already delivered past
     * it ({@code streamDelivered}), the difference is replayed from the store first.
     */
    synchronized void follow(long chatId, long cursor, long streamDelivered) {
        if (closed || cursors.containsKey(chatId)) {
            return;
        }
        Cursor c = new Cursor(cursor);
        cursors.put(chatId, c);
        if (streamDelivered > cursor) {
            catchUp(chatId, c, streamDelivered);
        }
    }

    synchronized void unfollow(long chatId) {
        cursors.remove(chatId);
    }

    /** A stream event of a followed chat, in the stream's order. */
    synchronized void deliver(StreamEvent e) {
        Cursor c = cursors.get(e.chatId());
        if (c == null || closed) {
            return;
        }
        if (c.catchingUp) {
            hold(c, e);
            return;
        }
        accept(e.chatId(), c, e);
    }

    /** A frame outside the streams (typing, receipts, presence); only once live delivery started. */
    synchronized void signal(byte[] frame) {
        if (started) {
            enqueue(frame);
        }
    }

    /** A reply to a command; sent whether or not live delivery started. */
    synchronized void reply(Frame frame) {
        enqueue(frames.bytes(frame));
    }

    synchronized void ping() {
        if (!closed) {
            out.tryEmitNext(session.pingMessage(f -> f.wrap(new byte[0])));
        }
    }

    synchronized void close(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        cursors.clear();
        if (expiry != null) {
            expiry.dispose();
        }
        session.close(status).subscribe();
        out.tryEmitComplete();
        closedByServer.tryEmitEmpty();
    }

    /** Completes when the server decided to close this connection. */
    Mono<Void> closedByServer() {
        return closedByServer.asMono();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The socket ended (either side): free everything. */
    synchronized void ended() {
        closed = true;
        cursors.clear();
        if (expiry != null) {
            expiry.dispose();
        }
        out.tryEmitComplete();
    }

    private void accept(long chatId, Cursor c, StreamEvent e) {
        if (e.seq() <= c.seq) {
            return;
        }
        if (e.seq() == c.seq + 1) {
            c.seq = e.seq();
            enqueue(e.frame());
            return;
        }
        hold(c, e);
        catchUp(chatId, c, e.seq() - 1);
    }

    private void hold(Cursor c, StreamEvent e) {
        if (c.held.size() >= settings.maxHeldEvents()) {
            close(CloseCodes.SLOW_CONSUMER);
            return;
        }
        c.held.add(e);
    }

    /** Replays {@code (c.seq, upTo]} from the store, or tells the client to refetch when that is too much. */
    private void catchUp(long chatId, Cursor c, long upTo) {
        c.catchingUp = true;
        long from = c.seq;
        if (upTo - from > settings.maxReplay()) {
            enqueue(frames.bytes(new Frame.Refetch(chatId, from + 1, upTo)));
            c.seq = upTo;
            caughtUp(chatId, c, List.of());
            return;
        }
        replayer.after(chatId, from, (int) (upTo - from))
                .subscribe(events -> replayed(chatId, events), error -> close(CloseCodes.GOING_AWAY));
    }

    private synchronized void replayed(long chatId, List<StreamEvent> events) {
        Cursor c = cursors.get(chatId);
        if (c != null && !closed) {
            caughtUp(chatId, c, events);
        }
    }

    private void caughtUp(long chatId, Cursor c, List<StreamEvent> events) {
        for (StreamEvent e : events) {
            if (e.seq() == c.seq + 1) {
                c.seq = e.seq();
                enqueue(e.frame());
            }
        }
        c.catchingUp = false;
        while (!c.held.isEmpty() && !c.catchingUp && !closed) {
            accept(chatId, c, c.held.poll());
        }
    }

    private void enqueue(byte[] frame) {
        if (closed) {
            return;
        }
        if (queuedBytes.addAndGet(frame.length) > settings.maxQueuedBytes()) {
            close(CloseCodes.SLOW_CONSUMER);
            return;
        }
        out.tryEmitNext(new WebSocketMessage(
                WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame)));
    }
}
