package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.server.realtime.protocol.CloseCodes;
import dev.parley.server.realtime.protocol.Frame;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.reactive.socket.CloseStatus;
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

        int maxPendingSends();
    }

    private static final class Cursor {
        long seq;
        boolean catchingUp;
        ArrayDeque<StreamEvent> held; // live events waiting behind a catch-up; null when none

        Cursor(long seq) {
            this.seq = seq;
        }
    }

    final String id;
    final long userId;
    private final Transport transport;
    private final Outbox outbox;
    private final Settings settings;
    private final Replayer replayer;
    private final Frames frames;

    /** A frame held back while a resume is under way; {@code paced}: a replayed one. */
    private record Deferred(byte[] frame, boolean paced) {}

    private ArrayDeque<Deferred> deferred;
    private boolean resuming;
    private final Sinks.Empty<Void> closedByServer = Sinks.empty();
    private final Map<Long, Cursor> cursors = new HashMap<>(4);
    private final SendWindow sends;
    private final CommandRate rate;
    private final ConnectionListener listener;
    private volatile long lastInboundNanos = System.nanoTime();
    private boolean started;
    private boolean closed;
    /** When the access token runs out (epoch millis); the hub's heartbeat closes the socket then. */
    private volatile long expiresAtMillis = Long.MAX_VALUE;
    /** The session (login) the access token belongs to; a renewed token may name another. */
    private volatile String sessionId;

    Connection(
            String id,
            long userId,
            Transport transport,
            Settings settings,
            Replayer replayer,
            Frames frames,
            CommandRate rate,
            ConnectionListener listener) {
        this.id = id;
        this.userId = userId;
        this.transport = transport;
        this.outbox = new Outbox(transport, settings.maxQueuedBytes());
        this.settings = settings;
        this.replayer = replayer;
        this.frames = frames;
        this.rate = rate;
        this.sends = new SendWindow(settings.maxPendingSends());
        this.listener = listener;
    }

    long lastInboundNanos() {
        return lastInboundNanos;
    }

    void touched(long nanos) {
        lastInboundNanos = nanos;
    }

    /**
     * Takes a rate token; false when the command must be refused. A flood (more refusals within a
     * second than the burst) closes the connection (4009).
     */
    boolean admit(long nanos) {
        CommandRate.Verdict verdict = rate.admit(nanos);
        if (verdict == CommandRate.Verdict.FLOOD) {
            close(CloseCodes.RATE_LIMITED);
        }
        return verdict == CommandRate.Verdict.ADMITTED;
    }

    /** The sends of this connection waiting for their commit. */
    SendWindow sends() {
        return sends;
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
        resuming = true;
        return true;
    }

    /**
     * Ends a resume: sends its answer, then what was held back meanwhile, so every event of the
     * followed chats comes after {@code resumed} and none is missed while following began.
     */
    synchronized void resumed(Frame answer) {
        if (answer != null) {
            queue(frames.bytes(answer), null);
        }
        resuming = false;
        while (deferred != null && !deferred.isEmpty() && !closed) {
            Deferred held = deferred.poll();
            if (held.paced()) {
                outbox.offerPaced(held.frame());
            } else {
                queue(held.frame(), null);
            }
        }
        deferred = null;
    }

    /**
     * A resume failed (the store did not answer): the connection is as before it, so the client
     * can send {@code resume} again on this socket.
     */
    synchronized void resumeFailed() {
        started = false;
        resuming = false;
        deferred = null;
    }

    synchronized boolean follows(long chatId) {
        return cursors.containsKey(chatId);
    }

    synchronized Set<Long> followed() {
        return Set.copyOf(cursors.keySet());
    }

    /** The connection's access token: its session, and when it runs out (a renewed token moves both). */
    void token(String sessionId, Instant expiresAt) {
        this.sessionId = sessionId;
        expiresAtMillis = expiresAt.toEpochMilli();
    }

    String sessionId() {
        return sessionId;
    }

    boolean expiredAt(Instant now) {
        return now.toEpochMilli() >= expiresAtMillis;
    }

    /**
     * Starts following a chat from {@code cursor}; when the chat's stream already delivered past
     * it ({@code streamDelivered}), the difference is replayed from the store first. False when
     * the connection is closed: the hub's teardown (which reads the cursors) has run or will skip it.
     */
    synchronized boolean follow(long chatId, long cursor, long streamDelivered) {
        if (closed) {
            return false;
        }
        if (cursors.containsKey(chatId)) {
            return true;
        }
        Cursor c = new Cursor(cursor);
        cursors.put(chatId, c);
        if (streamDelivered > cursor) {
            catchUp(chatId, c, streamDelivered);
        }
        return true;
    }

    synchronized void unfollow(long chatId) {
        cursors.remove(chatId);
    }

    /** A stream event of a followed chat, in the stream's order. */
    synchronized void deliver(StreamEvent e) {
        deliver(e, null);
    }

    /**
     * A stream event of a followed chat, in the stream's order; {@code fanout} (may be null) is told
     * when the transport takes it, or at once when this connection does not send it now.
     */
    synchronized void deliver(StreamEvent e, Fanout fanout) {
        Cursor c = cursors.get(e.chatId());
        boolean sent = false;
        if (c != null && !closed) {
            if (c.catchingUp) {
                hold(c, e);
            } else {
                sent = accept(e.chatId(), c, e, fanout);
            }
        }
        if (!sent && fanout != null) {
            fanout.done();
        }
    }

    /** A frame outside the streams (typing, receipts, presence); only once live delivery started. */
    synchronized void signal(byte[] frame) {
        if (started) {
            enqueue(frame);
        }
    }

    /** A reply to a command; sent whether or not live delivery started. */
    synchronized void reply(Frame frame) {
        queue(frames.bytes(frame), null);
    }

    void ping() {
        if (!isClosed()) {
            transport.ping();
        }
    }

    /**
     * Closes with this status once what is queued was written. Callers may hold a chat stream's
     * lock and this one; closing the socket can run the connection's teardown (which takes stream
     * locks), so it happens on the socket's I/O thread, not the caller's.
     */
    synchronized void close(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        listener.closed(status);
        outbox.execute(() -> {
            outbox.drainAll(); // what was queued goes first, then the close frame
            transport.close(status);
            closedByServer.tryEmitEmpty();
        });
    }

    /** Completes when the server decided to close this connection. */
    Mono<Void> closedByServer() {
        return closedByServer.asMono();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The socket ended (either side): nothing more is queued. The cursors stay until the hub has
     * unfollowed this connection's chats (it reads them from {@link #followed()}).
     */
    synchronized void ended() {
        closed = true;
        deferred = null;
        outbox.discard();
    }

    /** Sends, drops or holds the event; true when it was queued for the socket now. */
    private boolean accept(long chatId, Cursor c, StreamEvent e, Fanout fanout) {
        if (e.seq() <= c.seq) {
            return false;
        }
        if (e.seq() == c.seq + 1) {
            c.seq = e.seq();
            return enqueue(e.frame(), fanout);
        }
        hold(c, e);
        catchUp(chatId, c, e.seq() - 1);
        return false;
    }

    private void hold(Cursor c, StreamEvent e) {
        if (c.held == null) {
            c.held = new ArrayDeque<>();
        }
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
                enqueuePaced(e.frame());
            }
        }
        c.catchingUp = false;
        while (c.held != null && !c.held.isEmpty() && !c.catchingUp && !closed) {
            accept(chatId, c, c.held.poll(), null);
        }
        if (c.held != null && c.held.isEmpty()) {
            c.held = null;
        }
    }

    private void enqueue(byte[] frame) {
        enqueue(frame, null);
    }

    /** Queues a replayed frame: it leaves as fast as the client reads, not bounded like live data. */
    private void enqueuePaced(byte[] frame) {
        if (closed) {
            return;
        }
        if (resuming) {
            defer(new Deferred(frame, true));
        } else {
            outbox.offerPaced(frame);
            listener.frameOut();
        }
    }

    private boolean defer(Deferred d) {
        if (deferred == null) {
            deferred = new ArrayDeque<>();
        }
        if (deferred.size() >= settings.maxHeldEvents()) {
            close(CloseCodes.SLOW_CONSUMER);
            return false;
        }
        deferred.add(d);
        return true;
    }

    /** The socket can take more: what waits goes on (on its I/O thread). */
    void writable() {
        outbox.drain();
    }

    /** Queues the frame for the socket; false when the connection is closed or just overflowed. */
    private boolean enqueue(byte[] frame, Fanout fanout) {
        if (resuming && !closed) {
            defer(new Deferred(frame, false)); // not sent now: the caller tells its fan-out
            return false;
        }
        return queue(frame, fanout);
    }

    /** Queues the frame for the socket now; false when the connection is closed or just overflowed. */
    private boolean queue(byte[] frame, Fanout fanout) {
        if (closed) {
            return false;
        }
        if (!outbox.offer(frame, fanout)) {
            listener.overflowed();
            close(CloseCodes.SLOW_CONSUMER);
            return false;
        }
        listener.frameOut();
        return true;
    }
}
