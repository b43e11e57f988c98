package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Fan-out shards: a chat's work in order on one thread, chats in parallel, bounded queues that push back. */
class FanoutShardsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FanoutShards shards;

    @AfterEach
    void close() {
        if (shards != null) {
            shards.close();
        }
    }

    @Test
    void aChatsTasksRunInTheOrderGivenOnOneThread() throws Exception {
        shards = new FanoutShards(4, 1000, registry);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(500);
        for (int i = 0; i < 500; i++) {
            int n = i;
            shards.execute(42L, () -> {
                order.add(n);
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).isSorted().hasSize(500);
        assertThat(threads).containsOnly(threads.get(0));
    }

    @Test
    void differentChatsFanOutInParallel() throws Exception {
        shards = new FanoutShards(2, 10, registry);
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (long chat : new long[] {1, 2}) { // chats 1 and 2 fall on different shards of 2
            shards.execute(chat, () -> {
                bothRunning.countDown();
                await(release);
            });
        }

        assertThat(bothRunning.await(10, TimeUnit.SECONDS))
                .as("chat 2 runs while chat 1 is busy")
                .isTrue();
        release.countDown();
    }

    @Test
    void aFullShardHoldsItsFeederBackDropsSignalsAndRefusesAnEventLoop() throws Exception {
        shards = new FanoutShards(1, 2, registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        shards.execute(1L, () -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        shards.execute(1L, () -> {});
        shards.execute(1L, () -> {}); // the queue (2) is full now

        AtomicBoolean typingRan = new AtomicBoolean();
        shards.offer(1L, () -> typingRan.set(true));
        assertThat(registry.counter("parley.realtime.fanout.dropped").count()).isEqualTo(1);
        assertThatThrownBy(() -> Mono.fromRunnable(() -> shards.execute(1L, () -> {}))
                        .subscribeOn(Schedulers.parallel())
                        .block(Duration.ofSeconds(10)))
                .as("an event loop is never made to wait")
                .isInstanceOf(RejectedExecutionException.class);

        AtomicBoolean fed = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            shards.execute(1L, () -> {});
            fed.set(true);
        });
        writer.start();
        writer.join(300);
        assertThat(fed).as("a writer waits for room").isFalse();
        release.countDown();
        writer.join(10_000);
        assertThat(fed).isTrue();
        assertThat(typingRan).as("the dropped signal never ran").isFalse();
    }

    @Test
    void workAShardGivesItselfRunsAtOnce() throws Exception {
        shards = new FanoutShards(1, 1, registry);
        CountDownLatch inner = new CountDownLatch(1);
        shards.execute(7L, () -> {
            shards.execute(7L, () -> {}); // fills the queue if it were queued
            shards.execute(7L, inner::countDown); // would wait for itself forever
        });

        assertThat(inner.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
