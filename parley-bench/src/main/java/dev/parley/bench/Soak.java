package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;

/**
 * A long mixed load from a bounded set of users, watching the server for growth. Every user has one
 * WebSocket following every soak chat ({@link SoakClient}); at steady rates, each on a thread of its
 * own: sends over the sockets, sends over REST (some retried with their clientMsgId), history
 * pages, searches, logins and token refreshes (handed to the socket with {@code auth}), and
 * clients that disconnect (with a close frame, or cutting the connection) and resume.
 *
 * <p>Every {@code --report-every} seconds one line: operations so far by kind, errors, and the
 * server's heap, resident memory, threads and open files ({@link ServerGauges}). The run fails
 * (exit 1) when any acknowledged message did not reach every connection exactly once and in order,
 * when anything was stored unacknowledged, on any unexpected error (a failed call, an error frame,
 * a connection the server closed), or when a gauge grew without bound ({@link Growth}): after the
 * warm-up, threads and open files may not rise by more than a margin from the first third of the
 * readings to the last; heap after GC and anonymous resident memory may not rise faster than a
 * slope per hour (beyond a noise floor).
 */
final class Soak {

    private static final Duration GLANCE = Duration.ofSeconds(5);

    static boolean run(Run run) throws Exception {
        int users = run.options.integer("users", 24);
        int chatCount = run.options.integer("chats", 3);
        Duration duration = run.options.seconds("duration", 60);
        Duration reportEvery = run.options.seconds("report-every", 60);
        Duration warmup = run.options.seconds("warmup", Math.min(300, duration.toSeconds() / 6.0));
        Duration timeout = run.options.seconds("timeout", 60);
        String pid = run.options.string("server-pid", "");
        boolean collect = Boolean.parseBoolean(run.options.string("gc", "true"));
        // a client that reconnects stays away between min-away and away seconds (chosen at random)
        double minAway = run.options.seconds("min-away", 0).toMillis();
        double away = Math.max(minAway, run.options.seconds("away", 1).toMillis());

        SoakTally tally = new SoakTally();
        SoakOps ops = new SoakOps(run.api, tally);
        ExecutorService reconnects = Executors.newFixedThreadPool(4, daemon("soak-reconnect"));
        ExecutorService fetchers = Executors.newFixedThreadPool(2, daemon("soak-refetch"));
        ServerGauges gauges = new ServerGauges(run.api, pid, collect);
        run.out.printf(
                "soak: %d users with a socket each in %d chats for %d s, a line every %d s (warm-up %d s);"
                        + " heap %s; provisioning...%n",
                users,
                chatCount,
                duration.toSeconds(),
                reportEvery.toSeconds(),
                warmup.toSeconds(),
                gauges.collects()
                        ? "after a full GC (jcmd " + pid + " GC.run) per line"
                        : "lowest seen every " + GLANCE.toSeconds() + " s (no --server-pid: no GC, no /proc)");

        List<SoakOps.Account> accounts = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            accounts.add(ops.register(run.name + "_" + i));
        }
        Map<Long, Long> firstSeqs = new LinkedHashMap<>();
        for (int c = 0; c < chatCount; c++) {
            SoakOps.Account owner = accounts.get(c % users);
            long chatId = run.api.group(
                    owner.asUser(),
                    accounts.stream().map(SoakOps.Account::asUser).toList());
            firstSeqs.put(chatId, ops.lastSeq(owner, chatId) + 1);
        }
        List<Long> chats = List.copyOf(firstSeqs.keySet());
        SoakClient.Context context = new SoakClient.Context(run, ops, tally, reconnects, fetchers, timeout);
        List<SoakClient> clients = new ArrayList<>();
        for (SoakOps.Account account : accounts) {
            clients.add(new SoakClient(context, account, firstSeqs));
        }
        for (SoakClient client : clients) {
            client.connect().awaitResumed(timeout);
        }

        List<ServerGauges.Reading> readings = new ArrayList<>();
        readings.add(gauges.read(0));
        run.out.println(line(0, tally, readings.get(0)));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong wsSkipped = new AtomicLong();
        List<Thread> load =
                startLoad(run, running, tally, ops, accounts, clients, chats, reconnects, minAway, away, wsSkipped);

        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextReport = start + reportEvery.toNanos();
        while (true) {
            long now = System.nanoTime();
            long wake = Math.min(Math.min(nextReport, end), now + GLANCE.toNanos());
            LockSupport.parkNanos(wake - now);
            now = System.nanoTime();
            if (now >= nextReport || now >= end) {
                double seconds = (now - start) / 1e9;
                ServerGauges.Reading reading = gauges.read(seconds);
                readings.add(reading);
                run.out.println(line(seconds, tally, reading));
                nextReport += reportEvery.toNanos();
            } else if (!gauges.collects()) {
                gauges.glance();
            }
            if (now >= end) {
                break;
            }
        }

        running.set(false);
        for (Thread t : load) {
            LockSupport.unpark(t);
            t.join(timeout.toMillis());
        }
        run.out.println("  load stopped; waiting for the last acks and deliveries");
        boolean settled =
                Run.await(() -> clients.stream().allMatch(c -> c.connected() && c.pendingSends() == 0), timeout);
        Map<Long, Long> lastSeqs = new LinkedHashMap<>();
        for (long chatId : chats) {
            lastSeqs.put(chatId, ops.lastSeq(accounts.get(0), chatId));
        }
        boolean caughtUp = Run.await(() -> clients.stream().allMatch(c -> c.caughtUp(lastSeqs)), timeout);
        clients.forEach(SoakClient::stop);
        reconnects.shutdownNow();
        fetchers.shutdownNow();

        long stored = 0;
        long acknowledged = 0;
        for (long chatId : chats) {
            stored += lastSeqs.get(chatId) - firstSeqs.get(chatId) + 1;
            acknowledged += tally.acknowledged(chatId);
        }
        long lost = 0;
        long unanswered = 0;
        for (SoakClient client : clients) {
            for (var e : client.ledgers().entrySet()) {
                lost += e.getValue().lost(lastSeqs.get(e.getKey()) - firstSeqs.get(e.getKey()) + 1);
            }
            unanswered += client.pendingSends();
        }

        List<Growth.Finding> growth = judge(run, readings, warmup, !pid.isBlank(), gauges.collects());
        run.results.put("seconds", Math.round(duration.toMillis() / 100.0) / 10.0);
        run.results.put("operations", tally.ops());
        run.results.put("wsSendsSkipped", wsSkipped.get());
        run.results.put("messagesStored", stored);
        run.results.put("deliveries", tally.delivered.get());
        run.results.put("deliveryLatencyMs", tally.delivery.summary());
        run.results.put("settledBeforeTimeout", settled && caughtUp);
        run.results.put("errorsByKind", tally.errorsByKind());
        run.results.put("firstReading", readings.get(0).line());
        run.results.put("lastReading", readings.get(readings.size() - 1).line());
        run.details.put("readings", readings);
        run.details.put("growth", growth.stream().map(Growth.Finding::line).toList());
        run.details.put("firstErrors", tally.firstErrors());

        run.out.printf("%ngrowth, judged on the readings after the first %d s (warm-up):%n", warmup.toSeconds());
        growth.forEach(f -> run.out.println("  " + f.line()));
        if (!tally.firstErrors().isEmpty()) {
            run.out.println("first errors:");
            tally.firstErrors().forEach(e -> run.out.println("  " + e));
        }
        Map<String, Long> correctness = new LinkedHashMap<>();
        correctness.put("lost", lost);
        correctness.put("duplicated", Ledger.DUPLICATED.get());
        correctness.put("outOfOrder", Ledger.REORDERED.get());
        correctness.put("failedSends", run.failedSends.get());
        correctness.put("storedNotAcknowledged", stored - acknowledged);
        correctness.put("sendsNeverAnswered", unanswered);
        correctness.put("errors", tally.errors());
        correctness.put(
                "grewWithoutBound", growth.stream().filter(Growth.Finding::grew).count());
        boolean correct = run.report("soak", correctness);
        run.out.println(
                correct
                        ? "soak: PASSED (nothing lost, duplicated, reordered or unacknowledged; no error; no growth)"
                        : "soak: FAILED (see the counts above)");
        return correct;
    }

    /** The growth verdict on every gauge (thresholds from the options, which the report echoes). */
    private static List<Growth.Finding> judge(
            Run run, List<ServerGauges.Reading> readings, Duration warmup, boolean pidKnown, boolean collected) {
        double warm = warmup.toMillis() / 1000.0;
        List<Growth.Finding> findings = new ArrayList<>();
        findings.add(Growth.flat(
                "threads",
                series(readings, ServerGauges.Reading::threads),
                warm,
                run.options.integer("thread-margin", 10),
                ""));
        findings.add(Growth.flat(
                "open files",
                series(readings, ServerGauges.Reading::openFiles),
                warm,
                run.options.integer("fd-margin", 32),
                ""));
        findings.add(Growth.slope(
                collected ? "heap after GC" : "heap (lowest)",
                series(readings, ServerGauges.Reading::heapJudged),
                warm,
                run.options.integer("heap-slope", 32),
                run.options.integer("heap-noise", 8),
                "MiB"));
        findings.add(
                pidKnown
                        ? Growth.slope(
                                "rss anon",
                                series(readings, ServerGauges.Reading::rssAnon),
                                warm,
                                run.options.integer("rss-slope", 64),
                                run.options.integer("rss-noise", 32),
                                "MiB")
                        : new Growth.Finding(
                                "rss anon", false, false, "the server's pid is not known (--server-pid): not read"));
        return findings;
    }

    private static List<Growth.Reading> series(
            List<ServerGauges.Reading> readings, ToDoubleFunction<ServerGauges.Reading> gauge) {
        return readings.stream()
                .map(r -> new Growth.Reading(r.seconds(), gauge.applyAsDouble(r)))
                .toList();
    }

    /** One thread per kind of operation, each at its rate (0 turns a kind off). */
    private static List<Thread> startLoad(
            Run run,
            AtomicBoolean running,
            SoakTally tally,
            SoakOps ops,
            List<SoakOps.Account> accounts,
            List<SoakClient> clients,
            List<Long> chats,
            ExecutorService reconnects,
            double minAwayMillis,
            double awayMillis,
            AtomicLong wsSkipped) {
        int retryEvery = run.options.integer("retry-every", 10);
        int loginEvery = run.options.integer("login-every", 4);
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        pace(threads, "ws-send", rate(run, "ws-rate", 20), running, tally, n -> {
            for (int tries = 0; tries < clients.size(); tries++) {
                SoakClient client = clients.get((int) (next.getAndIncrement() % clients.size()));
                if (client.send(any(chats), SoakOps.text("w", n))) {
                    return;
                }
            }
            wsSkipped.incrementAndGet(); // every socket was away or full
        });
        pace(threads, "rest-send", rate(run, "rest-rate", 5), running, tally, n -> {
            SoakOps.Account account = any(accounts);
            long chatId = any(chats);
            JsonNode message = ops.send(account, chatId, SoakOps.text("r", n), run.name + "-r" + n, "rest-send");
            if (retryEvery > 0 && n % retryEvery == 0) {
                ops.retry(account, chatId, message);
            }
        });
        pace(
                threads,
                "history",
                rate(run, "read-rate", 5),
                running,
                tally,
                n -> ops.history(any(accounts), any(chats)));
        pace(threads, "search", rate(run, "search-rate", 2), running, tally, n -> ops.search(any(accounts)));
        pace(threads, "auth", rate(run, "auth-rate", 1), running, tally, n -> {
            SoakClient client = clients.get((int) (n % clients.size()));
            if (loginEvery > 0 && n % loginEvery == 0) {
                ops.login(client.account);
            } else {
                ops.refresh(client.account);
            }
            client.authenticate();
        });
        pace(threads, "reconnect", rate(run, "reconnect-rate", 1), running, tally, n -> {
            SoakClient client = clients.get((int) (n % clients.size()));
            double spread = ThreadLocalRandom.current().nextDouble() * (awayMillis - minAwayMillis);
            Duration away = Duration.ofMillis((long) (minAwayMillis + spread));
            reconnects.execute(() -> client.reconnect(away, n % 2 == 0));
        });
        return threads;
    }

    /** An operation run {@code perSecond} times a second (the n-th gets n), on a thread of its own. */
    private static void pace(
            List<Thread> threads,
            String kind,
            double perSecond,
            AtomicBoolean running,
            SoakTally tally,
            java.util.function.LongConsumer op) {
        if (perSecond <= 0) {
            return;
        }
        long interval = (long) (1e9 / perSecond);
        Thread thread = new Thread(
                () -> {
                    long next = System.nanoTime();
                    for (long n = 0; running.get(); n++) {
                        try {
                            op.accept(n);
                        } catch (SoakOps.Failed counted) {
                            // each failed attempt was counted
                        } catch (RuntimeException e) {
                            tally.error(kind, e.toString());
                        }
                        // a late operation does not make the next ones come in a burst
                        next = Math.max(next + interval, System.nanoTime() - interval);
                        long wait = next - System.nanoTime();
                        if (wait > 0 && running.get()) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                },
                "soak-" + kind);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private static double rate(Run run, String option, double fallback) {
        return Double.parseDouble(run.options.string(option, Double.toString(fallback)));
    }

    private static <T> T any(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static String line(double seconds, SoakTally tally, ServerGauges.Reading reading) {
        long s = Math.round(seconds);
        return String.format(
                "  %3d:%02d  %s delivered=%d errors=%d duplicated=%d reordered=%d | %s",
                s / 60,
                s % 60,
                tally.opsLine(),
                tally.delivered.get(),
                tally.errors(),
                Ledger.DUPLICATED.get(),
                Ledger.REORDERED.get(),
                reading.line());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private Soak() {}
}
