package dev.parley.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P pairs in direct chats, each answering the other at once; reports the round trip. The first W
 * rounds of each pair warm the server up: checked like the rest, their round trips not recorded.
 */
final class PingPong {

    static boolean run(Run run) throws Exception {
        int pairs = run.options.integer("pairs", 100);
        int rounds = run.options.integer("rounds", 50);
        int warmup = run.options.integer("warmup", 0);
        int allRounds = warmup + rounds;
        Duration timeout = run.options.seconds("timeout", 120);
        run.out.printf("pingpong: %d pairs x %d rounds; provisioning...%n", pairs, rounds);
        List<Api.User> a = run.api.users(run.name + "a", pairs);
        List<Api.User> b = run.api.users(run.name + "b", pairs);
        Latency rtt = new Latency();
        AtomicLong finished = new AtomicLong();
        Socket[] pingers = new Socket[pairs];
        for (int p = 0; p < pairs; p++) {
            long chatId = run.api.direct(a.get(p), b.get(p));
            long pingerId = a.get(p).id();
            Ledger pingerLedger = run.ledger(1);
            Ledger pongerLedger = run.ledger(1);
            AtomicInteger round = new AtomicInteger();
            Socket[] ponger = new Socket[1];
            int pair = p;
            pingers[p] = run.open(a.get(p).token(), "{}", frame -> {
                if (!Frames.is(frame, "message_created") || Frames.number(frame, "chatId") != chatId) {
                    return;
                }
                pingerLedger.seen(Frames.number(frame, "seq"));
                String text = Frames.text(frame, "text");
                if (text.startsWith("pong|")) {
                    if (Frames.bodyIndex(text) >= warmup) {
                        rtt.recordNanos(System.nanoTime() - Frames.bodyNanos(text));
                    }
                    int next = round.incrementAndGet();
                    if (next < allRounds) {
                        pingers[pair].send(Frames.send(
                                "p" + next,
                                chatId,
                                Frames.body("ping", next, System.nanoTime()),
                                run.name + "-" + pair + "-p" + next));
                    } else {
                        finished.incrementAndGet();
                    }
                }
            });
            ponger[0] = run.open(b.get(p).token(), "{}", frame -> {
                if (!Frames.is(frame, "message_created") || Frames.number(frame, "chatId") != chatId) {
                    return;
                }
                pongerLedger.seen(Frames.number(frame, "seq"));
                String text = Frames.text(frame, "text");
                if (text.startsWith("ping|") && Frames.number(frame, "actorId") == pingerId) {
                    long k = Long.parseLong(text.split("\\|")[1]);
                    ponger[0].send(Frames.send(
                            "q" + k,
                            chatId,
                            "pong|" + k + "|" + Frames.bodyNanos(text),
                            run.name + "-" + pair + "-q" + k));
                }
            });
            pingers[p].awaitResumed(timeout);
            ponger[0].awaitResumed(timeout);
        }
        run.progress(() -> String.format("%,d round trips, %d of %d pairs done", rtt.count(), finished.get(), pairs));
        long start = System.nanoTime();
        for (int p = 0; p < pairs; p++) {
            long chatId = run.api.direct(a.get(p), b.get(p));
            pingers[p].send(
                    Frames.send("p0", chatId, Frames.body("ping", 0, System.nanoTime()), run.name + "-" + p + "-p0"));
        }
        boolean complete = Run.await(() -> finished.get() >= pairs, timeout);
        double seconds = (System.nanoTime() - start) / 1e9;
        run.results.put("warmupRounds", warmup);
        run.results.put("roundTrips", rtt.count());
        run.results.put("roundTripsPerSecondWithWarmup", Math.round((double) pairs * allRounds / seconds));
        run.results.put("roundTripMs", rtt.summary());
        run.results.put("completeBeforeTimeout", complete);
        return run.report("pingpong", run.correctness(2L * allRounds));
    }

    private PingPong() {}
}
