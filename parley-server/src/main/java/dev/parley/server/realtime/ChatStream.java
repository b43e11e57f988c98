package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
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
 * themselves (see {@link Connection}). A stream can also be told to look at the store at once
 * ({@link #resync}): when its bus subscription was (re)established, or a follower knows the store
 * is further than the stream got.
 *
 * <p>Fan-out runs on the chat's fan-out shard ({@code lane}): the bus delivers there, and events
 * read from the store are handed back there.
 */
final class ChatStream {

    private final long chatId;
    private final Replayer replayer;
    private final Duration gapTimeout;
    private final int batch;
    private final int maxPending;
    private final LongConsumer latencyNanos;
    private final Function<Long, Collection<Connection>> connectionsOfUser;
    private final Executor lane;
    private final Set<Connection> followers = new LinkedHashSet<>();
    private final TreeMap<Long, StreamEvent> pending = new TreeMap<>();
    private long delivered;
    private boolean syncScheduled;
    private boolean syncRunning;
    private boolean syncAgain;

    ChatStream(
            long chatId,
            long delivered,
            Replayer replayer,
            Duration gapTimeout,
            int batch,
            int maxPending,
            Function<Long, Collection<Connection>> connectionsOfUser,
            LongConsumer latencyNanos,
            Executor lane) {
        this.lane = lane;
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

    /** The seq of the last event fanned out. */
    synchronized long delivered() {
        return delivered;
    }

    /** Reads what followed the last delivered event from the store now, not after the gap timeout. */
    void resync() {
        synchronized (this) {
            if (syncRunning) {
                syncAgain = true; // a read is under way: look once more when it is done
                return;
            }
            syncRunning = true;
        }
        sync();
    }

    synchronized void offer(StreamEvent e) {
        if (e.seq() <= delivered) {
            if (e.receivedNanos() > 0 && !followers.isEmpty()) {
                // it reached the followers through the store first (a read that overtook the live
                // event): its delivery latency is at most this
                latencyNanos.accept(System.nanoTime() - e.receivedNanos());
            }
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
        Mono.delay(gapTimeout).subscribe(t -> {
            synchronized (this) {
                syncScheduled = false;
                if (syncRunning) {
                    syncAgain = true;
                    return;
                }
                syncRunning = true;
            }
            sync();
        });
    }

    /**
     * Reads what followed the last delivered event from the store and delivers it on the chat's
     * shard; one read at a time, reading on while there is more.
     */
    private void sync() {
        long from;
        synchronized (this) {
            if (followers.isEmpty()) {
                syncRunning = false;
                return;
            }
            from = delivered;
        }
        replayer.after(chatId, from, batch)
                .subscribe(
                        events -> {
                            try {
                                lane.execute(() -> {
                                    events.forEach(this::offer);
                                    synced(events.size() == batch);
                                });
                            } catch (RuntimeException stopped) {
                                synchronized (this) {
                                    syncRunning = false; // shutting down
                                }
                            }
                        },
                        error -> {
                            synchronized (this) {
                                syncRunning = false;
                                scheduleSync();
                            }
                        });
    }

    /** A read is done (and delivered): read again if asked meanwhile or if it was full. */
    private void synced(boolean full) {
        boolean again;
        synchronized (this) {
            again = full || syncAgain;
            syncAgain = false;
            syncRunning = again;
            if (!again && !pending.isEmpty()) {
                scheduleSync();
            }
        }
        if (again) {
            sync();
        }
    }
}
