package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * One chat's stream on this node, while some local connection follows it: it puts bus events back
 * in seq order and fans each one out, as the same bytes, to every follower.
 *
 * <p>Events may arrive out of order (concurrent publishers) or not at all (a publisher that died
 * between commit and publish); an event past a gap waits up to the gap timeout, then the missing
 * ones are read from the store. Whatever the bus does, followers see the stream gap-free. At most
 * {@code maxPending} events wait; past that the stream moves on and followers fill the gap
 * themselves (see {@link Connection}).
 */
final class ChatStream {

    private final long chatId;
    private final Replayer replayer;
    private final Duration gapTimeout;
    private final int batch;
    private final int maxPending;
    private final LongConsumer latencyNanos;
    private final Function<Long, Collection<Connection>> connectionsOfUser;
    private final Set<Connection> followers = new LinkedHashSet<>();
    private final TreeMap<Long, StreamEvent> pending = new TreeMap<>();
    private long delivered;
    private boolean syncScheduled;

    ChatStream(
            long chatId,
            long delivered,
            Replayer replayer,
            Duration gapTimeout,
            int batch,
            int maxPending,
            Function<Long, Collection<Connection>> connectionsOfUser,
            LongConsumer latencyNanos) {
        this.latencyNanos = latencyNanos;
        this.chatId = chatId;
        this.delivered = delivered;
        this.replayer = replayer;
        this.gapTimeout = gapTimeout;
        this.batch = batch;
        this.maxPending = maxPending;
        this.connectionsOfUser = connectionsOfUser;
        // events published before this stream existed would otherwise wait for the next one
        scheduleSync();
    }

    /** A closed connection is not added: its teardown already ran, so nothing would remove it. */
    synchronized void add(Connection c, long cursor) {
        if (c.follow(chatId, cursor, delivered)) {
            followers.add(c);
        }
    }

    synchronized void remove(Connection c) {
        followers.remove(c);
    }

    synchronized boolean isEmpty() {
        return followers.isEmpty();
    }

    synchronized void offer(StreamEvent e) {
        if (e.seq() <= delivered) {
            return;
        }
        pending.put(e.seq(), e);
        if (pending.size() > maxPending) {
            // Too much piles up behind a gap (the store is slow or down): stop waiting. Each
            // follower sees the gap and replays it from the store itself, within its own bounds.
            delivered = pending.firstKey() - 1;
        }
        while (!pending.isEmpty() && pending.firstKey() == delivered + 1) {
            fanOut(pending.pollFirstEntry().getValue());
        }
        if (!pending.isEmpty()) {
            scheduleSync();
        }
    }

    /** A signal for the followers, or for those of {@code onlyUsers} among them. */
    synchronized void signal(byte[] frame, Predicate<Long> onlyUsers) {
        for (Connection c : followers) {
            if (onlyUsers.test(c.userId)) {
                c.signal(frame);
            }
        }
    }

    private void fanOut(StreamEvent e) {
        delivered = e.seq();
        Long subject = e.subjectUserId();
        if (subject != null && e.joined()) {
            for (Connection c : connectionsOfUser.apply(subject)) {
                if (c.started() && !followers.contains(c) && c.follow(chatId, e.seq() - 1, e.seq() - 1)) {
                    followers.add(c);
                }
            }
        }
        Fanout fanout = e.receivedNanos() > 0 && !followers.isEmpty()
                ? new Fanout(e.receivedNanos(), followers.size(), latencyNanos)
                : null;
        replayer.sent(e);
        for (Connection c : followers) {
            c.deliver(e, fanout);
        }
        if (subject != null && !e.joined()) {
            List<Connection> leaving = new ArrayList<>();
            for (Connection c : followers) {
                if (c.userId == subject) {
                    leaving.add(c);
                }
            }
            for (Connection c : leaving) {
                followers.remove(c);
                c.unfollow(chatId);
            }
        }
    }

    private void scheduleSync() {
        if (syncScheduled) {
            return;
        }
        syncScheduled = true;
        Mono.delay(gapTimeout).subscribe(t -> sync());
    }

    /** Reads what followed the last delivered event from the store and delivers it. */
    private void sync() {
        long from;
        synchronized (this) {
            syncScheduled = false;
            if (followers.isEmpty()) {
                return;
            }
            from = delivered;
        }
        replayer.after(chatId, from, batch)
                .subscribe(
                        events -> {
                            events.forEach(this::offer);
                            synchronized (this) {
                                if (events.size() == batch || !pending.isEmpty()) {
                                    scheduleSync();
                                }
                            }
                        },
                        error -> {
                            synchronized (this) {
                                scheduleSync();
                            }
                        });
    }
}
