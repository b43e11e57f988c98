package dev.parley.server.realtime;

import dev.parley.server.store.KeyedExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The fan-out threads: a fixed number of shards, each one thread with a bounded queue. Work for a
 * chat always runs on the chat's shard, in the order given, so a chat's events keep their order
 * while different chats fan out in parallel. The store's writers answer queued writes here (by
 * chat), so a commit's acks and fan-out leave on the shards, overlapping the next commit.
 *
 * <p>A shard runs what queued up meanwhile as one unit of work ({@link Flushes}): each socket it
 * wrote to is drained once for all of it. A full shard pushes back: {@link #execute} waits for
 * room, which slows the writers (and, behind them, the senders) rather than growing memory. Work
 * that may be dropped (typing) is offered with {@link #offer} instead, which never waits. A shard's
 * own work for its own shard runs at once (it would otherwise wait for itself); shards never hand
 * work to each other.
 */
final class FanoutShards implements KeyedExecutor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanoutShards.class);
    private static final int MAX_UNIT = 1024;

    private final Shard[] shards;
    private final Counter dropped;
    private volatile boolean closed;

    FanoutShards(int count, int capacity, MeterRegistry registry) {
        if (count < 1 || capacity < 1) {
            throw new IllegalArgumentException(
                    "fan-out shards " + count + " and queue " + capacity + " must be at least 1");
        }
        this.shards = new Shard[count];
        for (int i = 0; i < count; i++) {
            shards[i] = new Shard(i, capacity);
            Gauge.builder("parley.realtime.fanout.queued", shards[i].queue, BlockingQueue::size)
                    .description("Fan-out tasks waiting for their shard")
                    .tag("shard", Integer.toString(i))
                    .register(registry);
        }
        this.dropped = Counter.builder("parley.realtime.fanout.dropped")
                .description("Signals (typing) dropped because their shard was full")
                .register(registry);
        for (Shard shard : shards) {
            shard.thread.start();
        }
    }

    @Override
    public int lanes() {
        return shards.length;
    }

    @Override
    public int laneOf(long key) {
        return (int) Math.floorMod(key, (long) shards.length);
    }

    /**
     * Runs the task on the shard, waiting for room when it is full; on an event loop, which must
     * never wait, a full shard refuses it ({@link RejectedExecutionException}).
     */
    @Override
    public void execute(int lane, Runnable task) {
        Shard shard = shards[lane];
        if (Thread.currentThread() == shard.thread) {
            task.run();
            return;
        }
        if (closed) {
            throw new RejectedExecutionException("the fan-out shards are stopped");
        }
        if (shard.queue.offer(task)) {
            return;
        }
        if (Schedulers.isInNonBlockingThread()) {
            throw new RejectedExecutionException("fan-out shard " + lane + " is full");
        }
        try {
            shard.queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for fan-out shard " + lane, e);
        }
    }

    /** Runs the task on the key's shard unless the shard is full; then it is dropped (and counted). */
    void offer(long key, Runnable task) {
        Shard shard = shards[laneOf(key)];
        if (Thread.currentThread() == shard.thread) {
            task.run();
        } else if (closed || !shard.queue.offer(task)) {
            dropped.increment();
        }
    }

    /** Runs the task on the key's shard (see {@link #execute}). */
    void execute(long key, Runnable task) {
        execute(laneOf(key), task);
    }

    @Override
    public void close() {
        closed = true;
        for (Shard shard : shards) {
            shard.thread.interrupt();
        }
    }

    private final class Shard {
        final BlockingQueue<Runnable> queue;
        final Thread thread;

        Shard(int index, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this::run, "parley-fanout-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            List<Runnable> unit = new ArrayList<>();
            while (!closed || !queue.isEmpty()) {
                try {
                    unit.add(queue.take());
                } catch (InterruptedException e) {
                    continue; // closing: run what is left, then stop
                }
                queue.drainTo(unit, MAX_UNIT - 1);
                Flushes.run(() -> {
                    for (Runnable task : unit) {
                        try {
                            task.run();
                        } catch (RuntimeException | Error e) {
                            log.error("Fan-out task failed", e);
                        }
                    }
                });
                unit.clear();
            }
        }
    }
}
