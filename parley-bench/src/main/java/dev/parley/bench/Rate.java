package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * R messages per second spread over N chats of M members for T seconds, on a fixed schedule (an
 * open model): latencies count from when each message was due, so a stalled server shows. The
 * schedule starts with W seconds of warm-up, its rate climbing from a tenth of R to R (so the JIT
 * compilers finish before full load), checked like the rest but not timed.
 */
final class Rate {

    static boolean run(Run run) throws Exception {
        int rate = run.options.integer("rate", 2000);
        int chats = run.options.integer("chats", 100);
        int members = run.options.integer("members", 50);
        Duration duration = run.options.seconds("duration", 30);
        Duration warmup = run.options.seconds("warmup", 5);
        Duration timeout = run.options.seconds("timeout", 120);
        run.out.printf(
                "rate: %d msg/s over %d chats x %d members for %s; provisioning...%n", rate, chats, members, duration);

        List<Api.User> senders = run.api.users(run.name + "s", chats);
        List<Api.User> listeners = run.api.users(run.name + "m", chats * (members - 1));
        long[] chatIds = new long[chats];
        for (int c = 0; c < chats; c++) {
            chatIds[c] = run.api.group(senders.get(c), listeners.subList(c * (members - 1), (c + 1) * (members - 1)));
        }
        Latency delivery = new Latency();
        Latency ack = new Latency();
        long warmupNanos = warmup.toNanos();
        long warmupCount = 0;
        for (double at = 0; at < warmupNanos; warmupCount++) {
            at += 1e9 / rampedRate(rate, at, warmupNanos);
        }
        warmupCount = (warmupCount + chats - 1) / chats * chats;
        long firstCounted = warmupCount;
        AtomicLong delivered = new AtomicLong();
        Map<String, Long> due = new ConcurrentHashMap<>();
        List<Socket> all = run.listeners(listeners, chatIds, (text, at) -> {
            if (Frames.bodyIndex(text) >= firstCounted) {
                delivery.recordNanos(at - Frames.bodyNanos(text));
            }
            delivered.incrementAndGet();
        });
        List<Socket> sending = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            sending.add(run.open(senders.get(c).token(), "{}", frame -> {
                if (Frames.is(frame, "ack")) {
                    String id = Frames.text(frame, "id");
                    Long at = due.remove(id);
                    if (at != null && Long.parseLong(id.substring(1)) >= firstCounted) {
                        ack.recordNanos(System.nanoTime() - at);
                    }
                } else if (Frames.is(frame, "error")) {
                    due.remove(Frames.text(frame, "id"));
                    run.failedSend(frame);
                }
            }));
        }
        all.forEach(s -> s.awaitResumed(timeout));
        sending.forEach(s -> s.awaitResumed(timeout));

        long total = rate * duration.toMillis() / 1000;
        long perChat = (warmupCount + total) / chats;
        long sendCount = perChat * chats;
        long expected = sendCount * (members - 1);
        run.progress(() ->
                String.format("%,d / %,d deliveries, %d acks outstanding", delivered.get(), expected, due.size()));
        long start = System.nanoTime();
        long measuredFrom = start;
        double next = 0;
        for (long i = 0; i < sendCount; i++) {
            long at = start + (long) next;
            next += 1e9 / (i < warmupCount ? rampedRate(rate, next, warmupNanos) : rate);
            if (i == warmupCount) {
                measuredFrom = at;
            }
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int c = (int) (i % chats);
            String id = "s" + i;
            due.put(id, at);
            sending.get(c).send(Frames.send(id, chatIds[c], Frames.body("r", i, at), run.name + "-" + i));
        }
        double sendSeconds = (System.nanoTime() - measuredFrom) / 1e9;
        boolean complete = Run.await(() -> delivered.get() >= expected && due.isEmpty(), timeout);
        run.results.put("warmupMessages", warmupCount);
        run.results.put("messagesSent", sendCount - warmupCount);
        run.results.put("deliveries", delivered.get());
        run.results.put("achievedSendRate", Math.round((sendCount - warmupCount) / sendSeconds));
        run.results.put("ackLatencyMs", ack.summary());
        run.results.put("deliveryLatencyMs", delivery.summary());
        run.results.put("completeBeforeTimeout", complete);
        return run.report("rate", run.correctness(perChat));
    }

    /** The warm-up's rate at {@code nanos} into it: from a tenth of the rate up to the rate. */
    private static double rampedRate(int rate, double nanos, long warmupNanos) {
        return rate * Math.max(0.1, Math.min(1.0, nanos / warmupNanos));
    }

    private Rate() {}
}
