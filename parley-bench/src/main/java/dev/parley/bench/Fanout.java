package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** N chats with M online listeners each; one sender per chat sends K messages back to back. */
final class Fanout {

    static boolean run(Run run) throws Exception {
        int chats = run.options.integer("chats", 1);
        int listeners = run.options.integer("listeners", 1000);
        int messages = run.options.integer("messages", 200);
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
        AtomicLong lastDelivery = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long chatId = chatIds[c];
            for (int m = 0; m < listeners; m++) {
                Ledger ledger = run.ledger(1);
                sockets.add(run.open(members.get(c * listeners + m).token(), "{}", frame -> {
                    if (Frames.is(frame, "message_created") && Frames.number(frame, "chatId") == chatId) {
                        long now = System.nanoTime();
                        ledger.seen(Frames.number(frame, "seq"));
                        latency.recordNanos(now - Frames.bodyNanos(Frames.text(frame, "text")));
                        delivered.incrementAndGet();
                        lastDelivery.set(now);
                    }
                }));
            }
        }
        List<Socket> sending = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            sending.add(run.open(senders.get(c).token(), "{}", frame -> {
                if (Frames.is(frame, "error")) {
                    run.failedSends.incrementAndGet();
                }
            }));
        }
        long opened = System.nanoTime();
        sockets.forEach(s -> s.awaitResumed(timeout));
        sending.forEach(s -> s.awaitResumed(timeout));
        run.out.printf(
                "  %d connections resumed in %.1fs; sending%n",
                sockets.size() + sending.size(), (System.nanoTime() - opened) / 1e9);

        long expected = (long) chats * listeners * messages;
        run.progress(() -> String.format("%,d / %,d deliveries", delivered.get(), expected));
        long start = System.nanoTime();
        for (int k = 1; k <= messages; k++) {
            for (int c = 0; c < chats; c++) {
                sending.get(c)
                        .send(Frames.send(
                                "s" + k,
                                chatIds[c],
                                Frames.body("f", k, System.nanoTime()),
                                run.name + "-" + c + "-" + k));
            }
        }
        boolean complete = Run.await(() -> delivered.get() >= expected, timeout);
        double seconds = (lastDelivery.get() - start) / 1e9;
        run.results.put("deliveries", delivered.get());
        run.results.put("seconds", Math.round(seconds * 1000) / 1000.0);
        run.results.put("deliveriesPerSecond", Math.round(delivered.get() / Math.max(seconds, 1e-9)));
        run.results.put("deliveryLatencyMs", latency.summary());
        run.results.put("completeBeforeTimeout", complete);
        return run.report("fanout", run.correctness(messages));
    }

    private Fanout() {}
}
