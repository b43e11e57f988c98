package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * M listeners in one chat while a sender keeps sending at R msg/s; halfway, every listener drops
 * its connection and reconnects with resume. Reports the time until all have caught up, and
 * proves (per listener) that nothing was lost or doubled across the drop.
 *
 * <p>Listeners behave like real clients: when the server answers a resume with {@code refetch} (the
 * listener missed more than the server replays), they read that range over REST before going on
 * with live events.
 */
final class Reconnect {

    static boolean run(Run run) throws Exception {
        int listeners = run.options.integer("listeners", 1000);
        int rate = run.options.integer("rate", 200);
        Duration duration = run.options.seconds("duration", 10);
        Duration timeout = run.options.seconds("timeout", 120);
        Duration away = run.options.seconds("away", 0);
        // sent at the same rate before the measured part (a warm server, as in production)
        Duration warmup = run.options.seconds("warmup", 0);
        run.out.printf(
                "reconnect: %d listeners, %d msg/s for %s (after %s of warm-up), all reconnect halfway;"
                        + " provisioning...%n",
                listeners, rate, duration, warmup);
        Api.User sender = run.api.users(run.name + "s", 1).get(0);
        List<Api.User> members = run.api.users(run.name + "m", listeners);
        long chatId = run.api.group(sender, members);
        long warmupMessages = rate * warmup.toSeconds();
        Tally tally = new Tally(
                run.api,
                chatId,
                warmupMessages + 1,
                new Latency(),
                new AtomicLong(),
                new AtomicLong(),
                new AtomicLong(),
                Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "bench-refetch");
                    t.setDaemon(true);
                    return t;
                }));
        Latency delivery = tally.delivery();
        AtomicLong delivered = tally.delivered();
        List<Ledger> ledgers = new ArrayList<>();
        List<Listener> listening = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (Api.User member : members) {
            Ledger ledger = run.ledger(tally.firstSeq());
            ledgers.add(ledger);
            Listener listener = new Listener(tally, member.token(), ledger);
            listening.add(listener);
            sockets.add(run.open(member.token(), "{}", listener));
        }
        Socket sending = run.open(sender.token(), "{}", frame -> {
            if (Frames.is(frame, "error")) {
                run.failedSend(frame);
            }
        });
        sockets.forEach(s -> s.awaitResumed(timeout));
        sending.awaitResumed(timeout);

        long total = rate * duration.toSeconds();
        AtomicLong sent = new AtomicLong(-warmupMessages);
        Thread sender0 = new Thread(
                () -> {
                    long start = System.nanoTime();
                    long interval = 1_000_000_000L / rate;
                    for (long i = 1; i <= warmupMessages + total; i++) {
                        long at = start + (i - 1) * interval;
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        sending.send(Frames.send("s" + i, chatId, Frames.body("c", i, at), run.name + "-" + i));
                        sent.set(i - warmupMessages);
                    }
                },
                "bench-sender");
        run.progress(() -> String.format("%,d sent, %,d deliveries", sent.get(), delivered.get()));
        sender0.start();
        Thread.sleep(warmup.toMillis() + duration.toMillis() / 2);

        long dropAt = System.nanoTime();
        sockets.forEach(Socket::close);
        // A socket may still hand over frames it read before it closed: take each listener's
        // cursor only once its old socket is gone, or the resume would ask for them again.
        for (Socket old : sockets) {
            old.closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        }
        Thread.sleep(away.toMillis());
        long sentAtDrop = sent.get();
        long seqAtDrop = warmupMessages + sentAtDrop;
        Latency resumed = new Latency(); // from the drop until the server answered the resume
        for (int i = 0; i < listeners; i++) {
            Ledger ledger = ledgers.get(i);
            Socket socket =
                    run.open(members.get(i).token(), "{\"" + chatId + "\":" + ledger.last() + "}", listening.get(i));
            socket.resumed.thenRun(() -> resumed.recordNanos(System.nanoTime() - dropAt));
            sockets.set(i, socket);
        }
        boolean caughtUp = Run.await(() -> ledgers.stream().allMatch(l -> l.last() >= seqAtDrop), timeout);
        double recovery = (System.nanoTime() - dropAt) / 1e9;
        sender0.join();
        boolean complete = Run.await(() -> ledgers.stream().allMatch(l -> l.received() >= total), timeout);
        // sockets that closed during the run, by close code (-1: no close frame, or a failed handshake)
        java.util.Map<Integer, Long> closed = sockets.stream()
                .filter(s -> s.closed.isDone())
                .collect(java.util.stream.Collectors.groupingBy(
                        s -> s.closed.join(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        tally.fetchers().shutdownNow();
        run.results.put("messagesSent", total);
        run.results.put("deliveries", delivered.get());
        run.results.put("recoverySeconds", Math.round(recovery * 1000) / 1000.0);
        run.results.put("resumedAfterDropMs", resumed.summary());
        run.results.put("deliveryLatencyMs", delivery.summary());
        run.results.put("caughtUpBeforeTimeout", caughtUp);
        run.results.put("completeBeforeTimeout", complete);
        run.results.put("socketsClosed", closed);
        run.results.put("refetchedOverRest", tally.refetched().get());
        run.results.put("refetchFailures", tally.refetchFailures().get());
        List<Ledger> short_ = ledgers.stream().filter(l -> l.received() < total).toList();
        if (!short_.isEmpty()) {
            run.results.put("listenersShort", short_.size());
            run.results.put(
                    "shortListenersLastSeqs",
                    short_.stream()
                            .map(Ledger::last)
                            .distinct()
                            .sorted()
                            .limit(10)
                            .toList());
            run.results.put("sentAtDrop", sentAtDrop);
        }
        return run.report("reconnect", run.correctness(total));
    }

    /**
     * One listener's frames, in order. A {@code refetch} makes it read the range over REST (on a
     * fetcher thread); frames arriving meanwhile wait behind it, so the ledger sees the chat in order.
     */
    /**
     * What every listener shares: where to refetch from, the measured part's first seq (earlier ones
     * are warm-up), the counts, and the threads that run refetches.
     */
    private record Tally(
            Api api,
            long chatId,
            long firstSeq,
            Latency delivery,
            AtomicLong delivered,
            AtomicLong refetched,
            AtomicLong refetchFailures,
            ExecutorService fetchers) {}

    /**
     * One listener's frames, in order. A {@code refetch} makes it read the range over REST (on a
     * fetcher thread); frames arriving meanwhile wait behind it, so the ledger sees the chat in order.
     */
    private static final class Listener implements java.util.function.Consumer<String> {

        private final Tally tally;
        private final String token;
        private final Ledger ledger;
        private ArrayDeque<String> waiting; // frames behind a refetch under way; null when none

        Listener(Tally tally, String token, Ledger ledger) {
            this.tally = tally;
            this.token = token;
            this.ledger = ledger;
        }

        @Override
        public synchronized void accept(String frame) {
            if (waiting != null) {
                waiting.add(frame);
            } else {
                handle(frame);
            }
        }

        private void handle(String frame) {
            if (Frames.number(frame, "chatId") != tally.chatId()) {
                return;
            }
            if (Frames.is(frame, "message_created")) {
                record(Frames.number(frame, "seq"), Frames.text(frame, "text"));
            } else if (Frames.is(frame, "refetch")) {
                waiting = new ArrayDeque<>();
                long from = Frames.number(frame, "fromSeq");
                long last = Frames.number(frame, "lastSeq");
                tally.fetchers().execute(() -> fetched(fetch(from, last)));
            }
        }

        private void record(long seq, String text) {
            if (seq < tally.firstSeq()) {
                return; // warm-up
            }
            if (ledger.seen(seq)) {
                tally.delivery().recordNanos(System.nanoTime() - Frames.bodyNanos(text));
            }
            tally.delivered().incrementAndGet();
        }

        /** The messages of {@code [from, last]}, oldest first, page by page; null when a call failed. */
        private List<JsonNode> fetch(long from, long last) {
            try {
                return Api.range(
                        tally.chatId(),
                        from,
                        last,
                        path -> tally.api().call("GET", path, token, null).block(Duration.ofSeconds(30)));
            } catch (RuntimeException e) {
                tally.refetchFailures().incrementAndGet();
                return null;
            }
        }

        /** Records the fetched range, then the frames that waited behind it (up to the next refetch). */
        private synchronized void fetched(List<JsonNode> messages) {
            if (messages != null) {
                for (JsonNode m : messages) {
                    record(m.get("seq").asLong(), m.get("text").asString());
                }
                tally.refetched().addAndGet(messages.size());
            }
            ArrayDeque<String> queued = waiting;
            waiting = null;
            while (!queued.isEmpty()) {
                handle(queued.poll());
                if (waiting != null) {
                    waiting.addAll(queued);
                    return;
                }
            }
        }
    }

    private Reconnect() {}
}
