package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * M listeners in one chat while a sender keeps sending at R msg/s; halfway, every listener drops
 * its connection and reconnects with resume. Reports the time until all have caught up, and
 * proves (per listener) that nothing was lost or doubled across the drop.
 */
final class Reconnect {

    static boolean run(Run run) throws Exception {
        int listeners = run.options.integer("listeners", 1000);
        int rate = run.options.integer("rate", 200);
        Duration duration = run.options.seconds("duration", 10);
        Duration timeout = run.options.seconds("timeout", 120);
        run.out.printf(
                "reconnect: %d listeners, %d msg/s for %s, all reconnect halfway; provisioning...%n",
                listeners, rate, duration);
        Api.User sender = run.api.users(run.name + "s", 1).get(0);
        List<Api.User> members = run.api.users(run.name + "m", listeners);
        long chatId = run.api.group(sender, members);
        Latency delivery = new Latency();
        AtomicLong delivered = new AtomicLong();
        List<Ledger> ledgers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (Api.User member : members) {
            Ledger ledger = run.ledger(1);
            ledgers.add(ledger);
            sockets.add(run.open(member.token(), "{}", listener(chatId, ledger, delivery, delivered)));
        }
        Socket sending = run.open(sender.token(), "{}", frame -> {
            if (Frames.is(frame, "error")) {
                run.failedSend(frame);
            }
        });
        sockets.forEach(s -> s.awaitResumed(timeout));
        sending.awaitResumed(timeout);

        long total = rate * duration.toSeconds();
        AtomicLong sent = new AtomicLong();
        Thread sender0 = new Thread(
                () -> {
                    long start = System.nanoTime();
                    long interval = 1_000_000_000L / rate;
                    for (long i = 1; i <= total; i++) {
                        long at = start + (i - 1) * interval;
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        sending.send(Frames.send("s" + i, chatId, Frames.body("c", i, at), run.name + "-" + i));
                        sent.set(i);
                    }
                },
                "bench-sender");
        run.progress(() -> String.format("%,d sent, %,d deliveries", sent.get(), delivered.get()));
        sender0.start();
        Thread.sleep(duration.toMillis() / 2);

        long dropAt = System.nanoTime();
        sockets.forEach(Socket::close);
        long sentAtDrop = sent.get();
        for (int i = 0; i < listeners; i++) {
            Ledger ledger = ledgers.get(i);
            sockets.set(
                    i,
                    run.open(
                            members.get(i).token(),
                            "{\"" + chatId + "\":" + ledger.last() + "}",
                            listener(chatId, ledger, delivery, delivered)));
        }
        boolean caughtUp = Run.await(() -> ledgers.stream().allMatch(l -> l.last() >= sentAtDrop), timeout);
        double recovery = (System.nanoTime() - dropAt) / 1e9;
        sender0.join();
        boolean complete = Run.await(() -> ledgers.stream().allMatch(l -> l.received() >= total), timeout);
        run.results.put("messagesSent", total);
        run.results.put("deliveries", delivered.get());
        run.results.put("recoverySeconds", Math.round(recovery * 1000) / 1000.0);
        run.results.put("deliveryLatencyMs", delivery.summary());
        run.results.put("caughtUpBeforeTimeout", caughtUp);
        run.results.put("completeBeforeTimeout", complete);
        return run.report("reconnect", run.correctness(total));
    }

    private static java.util.function.Consumer<String> listener(
            long chatId, Ledger ledger, Latency delivery, AtomicLong delivered) {
        return frame -> {
            if (Frames.is(frame, "message_created") && Frames.number(frame, "chatId") == chatId) {
                if (ledger.seen(Frames.number(frame, "seq"))) {
                    delivery.recordNanos(System.nanoTime() - Frames.bodyNanos(Frames.text(frame, "text")));
                }
                delivered.incrementAndGet();
            }
        };
    }

    private Reconnect() {}
}
