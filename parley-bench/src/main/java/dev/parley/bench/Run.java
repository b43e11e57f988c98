package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What every scenario shares: the server, the run's name, progress, sockets to close, and the report. */
final class Run implements AutoCloseable {

    final Options options;
    /** The first server's API: provisioning goes there (all nodes share one database). */
    final Api api;
    /** Every server's API, for per-node metrics. */
    final List<Api> apis = new ArrayList<>();

    final List<String> urls;
    private final List<String> wsUrls = new ArrayList<>();
    private int nextServer;
    final String name;
    final PrintStream out;
    final Map<String, Object> results = new LinkedHashMap<>();
    /** Written to the JSON file with the results, not printed (long series). */
    final Map<String, Object> details = new LinkedHashMap<>();

    final List<Ledger> ledgers = new ArrayList<>();
    final AtomicLong failedSends = new AtomicLong();
    private final Map<String, AtomicLong> errorCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final String[] localAddresses;
    private int nextAddress;

    Run(String scenario, Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.urls = options.list("url", "http://127.0.0.1:8080");
        for (String url : urls) {
            apis.add(new Api(url));
            wsUrls.add(url.replaceFirst("^http", "ws") + "/ws");
        }
        this.api = apis.get(0);
        this.name = scenario + Long.toString(System.currentTimeMillis() % 100_000_000, 36);
        this.localAddresses = options.string("local-addresses", "").isBlank()
                ? new String[0]
                : options.string("local-addresses", "").split(",");
        Ledger.DUPLICATED.set(0);
        Ledger.REORDERED.set(0);
    }

    /** Opens a socket to the next server in turn (so a run's sockets spread evenly over the nodes). */
    Socket open(String token, String chats, java.util.function.Consumer<String> onFrame) {
        String local = localAddresses.length == 0 ? null : localAddresses[nextAddress++ % localAddresses.length];
        String wsUrl;
        synchronized (wsUrls) {
            wsUrl = wsUrls.get(nextServer++ % wsUrls.size());
        }
        Socket socket = Socket.open(wsUrl, token, chats, local, onFrame);
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    /** A socket that has closed for good: the run no longer needs to close it at the end. */
    void forget(Socket socket) {
        synchronized (sockets) {
            sockets.remove(socket);
        }
    }

    /** An error frame answering a send: counted, by its code (reported with the results). */
    void failedSend(String errorFrame) {
        failedSends.incrementAndGet();
        String code = Frames.text(errorFrame, "code");
        errorCodes
                .computeIfAbsent(code == null ? "?" : code, c -> new AtomicLong())
                .incrementAndGet();
    }

    Ledger ledger(long firstSeq) {
        Ledger ledger = new Ledger(firstSeq);
        synchronized (ledgers) {
            ledgers.add(ledger);
        }
        return ledger;
    }

    /** What a listener does with a message of its chat: its text, and when it arrived. */
    interface Delivery {
        void delivered(String text, long atNanos);
    }

    /**
     * One socket for each of {@code users}, as many to each chat of {@code chatIds} in turn (the
     * first users to the first chat); each takes the messages of its chat, checks them in a ledger
     * of its own (nothing lost, duplicated or reordered) and hands them to {@code delivery}.
     */
    List<Socket> listeners(List<Api.User> users, long[] chatIds, Delivery delivery) {
        int perChat = users.size() / chatIds.length;
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < chatIds.length; c++) {
            long chatId = chatIds[c];
            for (int m = 0; m < perChat; m++) {
                Ledger ledger = ledger(1);
                sockets.add(open(users.get(c * perChat + m).token(), "{}", frame -> {
                    if (Frames.is(frame, "message_created") && Frames.number(frame, "chatId") == chatId) {
                        long at = System.nanoTime();
                        ledger.seen(Frames.number(frame, "seq"));
                        delivery.delivered(Frames.text(frame, "text"), at);
                    }
                }));
            }
        }
        return sockets;
    }

    /** Prints a progress line every second while the run lasts. */
    void progress(Supplier<String> line) {
        long started = System.nanoTime();
        ticker.scheduleAtFixedRate(
                () -> out.printf("  %5.1fs  %s%n", (System.nanoTime() - started) / 1e9, line.get()),
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** Waits until {@code done} holds or the time is up; false on time-out. */
    static boolean await(Supplier<Boolean> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The run's correctness: any message lost, duplicated or out of order fails it. */
    Map<String, Long> correctness(long expectedPerLedger) {
        long lost = 0;
        synchronized (ledgers) {
            for (Ledger ledger : ledgers) {
                lost += ledger.lost(expectedPerLedger);
            }
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("lost", lost);
        c.put("duplicated", Ledger.DUPLICATED.get());
        c.put("outOfOrder", Ledger.REORDERED.get());
        c.put("failedSends", failedSends.get());
        return c;
    }

    /** Prints the table, writes the JSON file, and answers whether the run was correct. */
    boolean report(String scenario, Map<String, Long> correctness) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario);
        report.put("options", options.used);
        report.put("results", results);
        report.put("correctness", correctness);
        if (!details.isEmpty()) {
            report.put("details", details);
        }
        if (!errorCodes.isEmpty()) {
            Map<String, Long> codes = new java.util.TreeMap<>();
            errorCodes.forEach((code, count) -> codes.put(code, count.get()));
            results.put("sendErrors", codes);
        }
        out.println();
        out.println("scenario " + scenario);
        results.forEach((k, v) -> out.printf("  %-28s %s%n", k, v));
        correctness.forEach((k, v) -> out.printf("  %-28s %d%n", k, v));
        Path file = Path.of(options.string("out", "parley-bench-" + scenario + ".json"));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        boolean correct = correctness.values().stream().allMatch(v -> v == 0);
        out.println(
                correct ? "  result: correct (nothing lost, duplicated or reordered)" : "  result: FAILED correctness");
        out.println("  json: " + file.toAbsolutePath());
        return correct;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (sockets) {
            sockets.forEach(Socket::close);
        }
    }
}
