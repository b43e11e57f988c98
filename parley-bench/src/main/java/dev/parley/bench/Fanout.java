package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N chats with M online listeners each; one sender per chat sends K messages back to back. A
 * warm-up round of W messages goes first (checked like the rest, not timed), so the figures are
 * those of a server whose JIT compiler has finished with the send path.
 */
final class Fanout {

    static boolean run(Run run) throws Exception {
        int chats = run.options.integer("chats", 1);
        int listeners = run.options.integer("listeners", 1000);
        int messages = run.options.integer("messages", 200);
        int warmup = run.options.integer("warmup", 1000);
        Duration timeout = run.options.seconds("timeout", 120);
        run.out.printf(
                "fanout: %d chat(s) x %d listeners, %d messages each; provisioning...%n", chats, listeners, messages);

        List<Api.User> senders = run.api.users(run.name + "s", chats);
        List<Api.User> members = run.api.users(run.name + "m", chats * listeners);
        long[] chatIds = new long[chats];
        for (int c = 0; c < chats; c++) {
            chatIds[c] = run.api.group(senders.get(c), members.subList(c * listeners, (c + 1) * listeners));
        }
        Latency latency = new Latency();
        AtomicLong delivered = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        List<Socket> sockets = run.listeners(members, chatIds, (text, at) -> {
            delivered.incrementAndGet();
            if (Frames.bodyIndex(text) > warmup) {
                latency.recordNanos(at - Frames.bodyNanos(text));
                measured.incrementAndGet();
                lastDelivery.set(at);
            }
        });
        List<Socket> sending = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            sending.add(run.open(senders.get(c).token(), "{}", frame -> {
                if (Frames.is(frame, "error")) {
                    run.failedSend(frame);
                }
            }));
        }
        long opened = System.nanoTime();
        sockets.forEach(s -> s.awaitResumed(timeout));
        sending.forEach(s -> s.awaitResumed(timeout));
        run.out.printf(
                "  %d connections resumed in %.1fs; sending%n",
                sockets.size() + sending.size(), (System.nanoTime() - opened) / 1e9);

        long perMessage = (long) chats * listeners;
        long expected = perMessage * (warmup + messages);
        run.progress(() -> String.format("%,d / %,d deliveries", delivered.get(), expected));
        if (warmup > 0) {
            send(run, sending, chatIds, 1, warmup);
            if (!Run.await(() -> delivered.get() >= perMessage * warmup, timeout)) {
                run.out.println("  the warm-up round did not complete before the timeout");
            }
            run.out.printf("  warm-up: %d messages delivered; measuring%n", warmup);
        }
        long start = System.nanoTime();
        send(run, sending, chatIds, warmup + 1, warmup + messages);
        boolean complete = Run.await(() -> delivered.get() >= expected, timeout);
        double seconds = (lastDelivery.get() - start) / 1e9;
        run.results.put("warmupMessages", warmup);
        run.results.put("deliveries", measured.get());
        run.results.put("seconds", Math.round(seconds * 1000) / 1000.0);
        run.results.put("deliveriesPerSecond", Math.round(measured.get() / Math.max(seconds, 1e-9)));
        run.results.put("deliveryLatencyMs", latency.summary());
        run.results.put("completeBeforeTimeout", complete);
        return run.report("fanout", run.correctness(warmup + messages));
    }

    /** Messages {@code from..to} (their index in the body), each sender back to back. */
    private static void send(Run run, List<Socket> sending, long[] chatIds, int from, int to) {
        for (int k = from; k <= to; k++) {
            for (int c = 0; c < chatIds.length; c++) {
                sending.get(c)
                        .send(Frames.send(
                                "s" + k,
                                chatIds[c],
                                Frames.body("f", k, System.nanoTime()),
                                run.name + "-" + c + "-" + k));
            }
        }
    }

    private Fanout() {}
}
