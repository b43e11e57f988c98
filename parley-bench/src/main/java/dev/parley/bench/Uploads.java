package dev.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * U files of S MiB uploaded at once (each streamed in 64 KiB chunks, as a browser does) while
 * messages flow on a fixed schedule (R per second over C chats of M members): does an upload
 * stay a stream on the server (the heap does not grow by the files' size), and do messages of
 * others keep their delivery time? Delivery latency is reported before the uploads (a baseline
 * of B seconds, after W seconds of warm-up) and while they are in flight. The server's heap in use is read every 250 ms all
 * along (a scrape costs the server some CPU, so the baseline bears it too) and its peak during the
 * uploads reported, against the heap after a full GC at the start and at the end (with
 * --server-pid). Correct when every upload was stored and no message was lost, duplicated or
 * reordered.
 *
 * <p>With {@code --rounds=N} the baseline and the uploads run N times in a row on the same server,
 * each with its own figures (in {@code rounds}; the top-level figures are the last round's, but
 * {@code uploadsNotStored} counts every round's). A first burst on a fresh server also times the
 * JIT compilers on the code that many uploads at once run, which the warm-up's few small uploads
 * do not make hot; a later round times the uploads alone.
 */
final class Uploads {

    private static final int CHUNK = 64 * 1024;
    private static final double MIB = 1024 * 1024;

    static boolean run(Run run) throws Exception {
        int uploads = run.options.integer("uploads", 100);
        int sizeMib = run.options.integer("size-mb", 5);
        int rate = run.options.integer("rate", 200);
        int chats = run.options.integer("chats", 10);
        int members = run.options.integer("members", 10);
        Duration warmup = run.options.seconds("warmup", 5);
        Duration baseline = run.options.seconds("baseline", 10);
        Duration timeout = run.options.seconds("timeout", 300);
        String pid = run.options.string("server-pid", "");
        int warmUploads = run.options.integer("warm-uploads", 40);
        int roundCount = Math.max(1, run.options.integer("rounds", 1));
        run.out.printf(
                "uploads: %d x %d MiB at once, while %d msg/s flow over %d chats x %d members; provisioning...%n",
                uploads, sizeMib, rate, chats, members);

        List<Api.User> senders = run.api.users(run.name + "s", chats);
        List<Api.User> listeners = run.api.users(run.name + "m", chats * (members - 1));
        long[] chatIds = new long[chats];
        for (int c = 0; c < chats; c++) {
            chatIds[c] = run.api.group(senders.get(c), listeners.subList(c * (members - 1), (c + 1) * (members - 1)));
        }
        int uploaderCount = Math.max(1, Math.min(uploads, 20));
        List<Api.User> uploaders = run.api.users(run.name + "u", uploaderCount);
        Api.User peer = run.api.users(run.name + "p", 1).get(0);
        long[] uploadChats = new long[uploaderCount];
        for (int u = 0; u < uploaderCount; u++) {
            uploadChats[u] = run.api.direct(uploaders.get(u), peer);
        }

        AtomicLong delivered = new AtomicLong();
        // messages count by when they were due, wherever they arrive, in the round whose time that
        // is: before is from its baseline's start to its uploads', during until its last upload was
        // answered, and per half second from its baseline's start (where the tail is)
        List<Round> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the round whose uploads are in flight, null between them: where the heap's peak goes
        AtomicReference<Round> uploading = new AtomicReference<>();
        List<Socket> all = run.listeners(listeners, chatIds, (text, at) -> {
            long due = Frames.bodyNanos(text);
            for (int r = rounds.size() - 1; r >= 0; r--) {
                if (rounds.get(r).record(due, at - due)) {
                    break;
                }
            }
            delivered.incrementAndGet();
        });
        Map<String, Long> due = new ConcurrentHashMap<>();
        List<Socket> sending = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            sending.add(run.open(senders.get(c).token(), "{}", frame -> {
                if (Frames.is(frame, "ack")) {
                    due.remove(Frames.text(frame, "id"));
                } else if (Frames.is(frame, "error")) {
                    due.remove(Frames.text(frame, "id"));
                    run.failedSend(frame);
                }
            }));
        }
        all.forEach(s -> s.awaitResumed(timeout));
        sending.forEach(s -> s.awaitResumed(timeout));

        ServerGauges gauges = new ServerGauges(run.api, pid, true);
        double heapAtStart = gauges.read(0).heapJudged();

        // the schedule runs until the uploads are done (or the time-out), the baseline first
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        Thread schedule = new Thread(
                () -> {
                    long start = System.nanoTime();
                    for (long i = 0; !(stop.get() && i % chats == 0); i++) { // whole rounds: each chat as many
                        long at = start + (long) (i * 1e9 / rate);
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int c = (int) (i % chats);
                        String id = "s" + i;
                        due.put(id, at);
                        sending.get(c).send(Frames.send(id, chatIds[c], Frames.body("u", i, at), run.name + "-" + i));
                        sent.incrementAndGet();
                    }
                },
                "schedule");
        schedule.start();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        double used = Api.metric(run.api.scrape(), "jvm_memory_used_bytes{area=\"heap\"");
                        Round round = uploading.get();
                        if (round != null) {
                            round.heapPeak.accumulateAndGet((long) used, Math::max);
                        }
                        LockSupport.parkNanos(250_000_000);
                    }
                },
                "heap-sampler");
        sampler.start();
        // the warm-up (not timed) runs both paths, so that what follows does not time the JIT
        // compilers: messages flow, and a few small uploads go through the upload path
        HttpClient http = HttpClient.create().baseUrl(run.urls.get(0));
        byte[] chunk = new byte[CHUNK];
        new java.util.Random(3).nextBytes(chunk);
        // direct: a heap chunk is copied into a new direct buffer for every write, and with a hundred
        // uploads starting the allocator then zeroes fresh native memory for a second or more on
        // the cores the server shares (most of the tool's samples at the start, JFR)
        ByteBuf source = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(CHUNK).writeBytes(chunk).asReadOnly());
        Sender upload = new Sender(http, uploaders, uploadChats, source);
        long warmupEnds = System.nanoTime() + warmup.toNanos();
        AtomicInteger warmStored = new AtomicInteger();
        upload.all(warmUploads, 16, Math.min(warmUploads, uploaderCount), status -> {
                    if (status == 201) {
                        warmStored.incrementAndGet();
                    }
                })
                .blockLast(timeout);
        LockSupport.parkNanos(warmupEnds - System.nanoTime());
        int chunks = sizeMib * 16;
        run.progress(() -> {
            int r = rounds.size();
            return String.format(
                    "%s%d / %d uploads stored, %,d messages delivered",
                    roundCount > 1 ? "round " + r + ": " : "",
                    r == 0 ? 0 : rounds.get(r - 1).stored.get(),
                    uploads,
                    delivered.get());
        });
        for (int r = 0; r < roundCount; r++) {
            Round round = new Round();
            rounds.add(round);
            String serverAtBaseline = run.api.scrape();
            round.origin = System.nanoTime();
            Thread.sleep(baseline.toMillis());

            // the uploads, all at once
            String serverBefore = run.api.scrape();
            List<Long> finishedMs = java.util.Collections.synchronizedList(new ArrayList<>());
            long uploadStart = System.nanoTime();
            round.uploadsFrom = uploadStart;
            uploading.set(round);
            upload.all(uploads, chunks, uploads, status -> {
                        finishedMs.add((System.nanoTime() - uploadStart) / 1_000_000);
                        (status == 201 ? round.stored : round.failed).incrementAndGet();
                    })
                    .blockLast(timeout);
            long uploadEnd = System.nanoTime();
            round.uploadsUntil = uploadEnd;
            uploading.set(null);
            String serverDuring = run.api.scrape();
            double uploadSeconds = (uploadEnd - uploadStart) / 1e9;

            Map<String, Object> figures = round.figures;
            figures.put("uploadsStored", round.stored.get());
            figures.put("uploadsFailed", round.failed.get());
            figures.put("uploadSeconds", Math.round(uploadSeconds * 10) / 10.0);
            figures.put("uploadMiBPerSecond", Math.round(uploads * sizeMib / uploadSeconds));
            double heapPeak = round.heapPeak.get() / MIB;
            figures.put("heapPeakDuringMiB", Math.round(heapPeak));
            figures.put("heapGrowthPerUploadMiB", Math.round((heapPeak - heapAtStart) / uploads * 100) / 100.0);
            figures.put("deliveryLatencyBeforeMs", round.before.summary());
            figures.put("deliveryLatencyDuringMs", round.during.summary());
            figures.put(
                    "serverDeliveryBefore",
                    timerBetween(serverAtBaseline, serverBefore, "chat_messages_latency_seconds"));
            figures.put(
                    "storeCommitBefore", timerBetween(serverAtBaseline, serverBefore, "parley_store_commit_seconds"));
            figures.put(
                    "serverDeliveryDuring", timerBetween(serverBefore, serverDuring, "chat_messages_latency_seconds"));
            figures.put("storeCommitDuring", timerBetween(serverBefore, serverDuring, "parley_store_commit_seconds"));
            figures.put("uploadsFinishedMs", finishedAt(finishedMs));
            figures.put("timelineUploadStartMs", (uploadStart - round.origin) / 1_000_000);
        }
        sampling.set(false);
        sampler.join();
        stop.set(true);
        schedule.join();
        boolean complete = Run.await(() -> delivered.get() >= sent.get() * (members - 1) && due.isEmpty(), timeout);
        Round last = rounds.get(rounds.size() - 1);
        double heapAtEnd =
                gauges.read((last.uploadsUntil - rounds.get(0).origin) / 1e9).heapJudged();

        run.results.put("uploads", uploads);
        run.results.put("uploadSizeMiB", sizeMib);
        run.results.put("warmUploadsStored", warmStored.get());
        run.results.put("heapCollected", gauges.collects());
        run.results.put("heapAtStartMiB", Math.round(heapAtStart));
        run.results.put("heapAtEndMiB", Math.round(heapAtEnd));
        run.results.put("messagesSent", sent.get());
        run.results.put("completeBeforeTimeout", complete);
        // the last round's figures at the top level (the only round's, by default)
        last.figures.put("timeline", timeline(last.timeline));
        run.results.putAll(last.figures);
        if (roundCount > 1) {
            List<Map<String, Object>> each = new ArrayList<>();
            for (Round round : rounds) {
                round.figures.putIfAbsent("timeline", timeline(round.timeline));
                each.add(round.figures);
            }
            run.results.put("rounds", each);
        }
        long notStored =
                rounds.stream().mapToLong(round -> uploads - round.stored.get()).sum();
        Map<String, Long> correctness = run.correctness(sent.get() / chats);
        correctness.put("uploadsNotStored", notStored);
        return run.report("uploads", correctness);
    }

    /** Uploads of files of {@code chunks} × 64 KiB, by the uploaders in turn, each into its direct chat. */
    private record Sender(HttpClient http, List<Api.User> uploaders, long[] chats, ByteBuf source) {

        /** {@code count} uploads, {@code concurrency} at a time; each answer's status (-1: none) goes to {@code answered}. */
        Flux<Integer> all(int count, int chunks, int concurrency, java.util.function.IntConsumer answered) {
            return Flux.range(0, count)
                    .flatMap(
                            i -> {
                                int u = i % uploaders.size();
                                return http.headers(h -> {
                                            h.set(
                                                    HttpHeaderNames.AUTHORIZATION,
                                                    "Bearer " + uploaders.get(u).token());
                                            h.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                                        })
                                        .post()
                                        .uri("/api/v1/chats/" + chats[u] + "/uploads?name=bench-" + i + ".bin")
                                        .send(Flux.range(0, chunks).map(n -> source.retainedDuplicate()))
                                        .responseSingle((response, body) -> body.asString()
                                                .defaultIfEmpty("")
                                                .map(text -> response.status().code()))
                                        .doOnNext(answered::accept)
                                        .onErrorResume(e -> {
                                            answered.accept(-1);
                                            return Mono.empty();
                                        });
                            },
                            Math.max(1, concurrency));
        }
    }

    private static final long HALF_SECOND = 500_000_000L;

    /** One baseline and its uploads: when each began, and what was measured in them. */
    private static final class Round {
        final Latency before = new Latency();
        final Latency during = new Latency();
        final Map<Long, Latency> timeline = new ConcurrentHashMap<>();
        final AtomicLong heapPeak = new AtomicLong();
        final AtomicInteger stored = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, Object> figures = new java.util.LinkedHashMap<>();
        volatile long origin = Long.MAX_VALUE;
        volatile long uploadsFrom = Long.MAX_VALUE;
        volatile long uploadsUntil = Long.MAX_VALUE;

        /** Counts a delivery of a message due at {@code due} if that is this round's time; whether it was. */
        boolean record(long due, long nanos) {
            if (due < origin) {
                return false;
            }
            if (due < uploadsFrom) {
                before.recordNanos(nanos);
            } else if (due <= uploadsUntil) {
                during.recordNanos(nanos);
            } // after the uploads (until the next round's baseline, or the end): the timeline only
            timeline.computeIfAbsent(Math.floorDiv(due - origin, HALF_SECOND), k -> new Latency())
                    .recordNanos(nanos);
            return true;
        }
    }

    /** Per half second (from the baseline's start, by when messages were due): deliveries, p50, p99 and max. */
    private static List<Map<String, Object>> timeline(Map<Long, Latency> buckets) {
        List<Map<String, Object>> rows = new ArrayList<>();
        new java.util.TreeMap<>(buckets).forEach((half, latency) -> {
            Map<String, Double> s = latency.summary();
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("fromMs", half * 500);
            row.put("deliveries", latency.count());
            row.put("p50", s.get("p50"));
            row.put("p99", s.get("p99"));
            row.put("max", s.get("max"));
            rows.add(row);
        });
        return rows;
    }

    /** When uploads were answered, in ms from their start: the first, the median, the last. */
    private static Map<String, Long> finishedAt(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        java.util.Collections.sort(sorted);
        Map<String, Long> at = new java.util.LinkedHashMap<>();
        if (!sorted.isEmpty()) {
            at.put("first", sorted.get(0));
            at.put("median", sorted.get(sorted.size() / 2));
            at.put("last", sorted.get(sorted.size() - 1));
        }
        return at;
    }

    /**
     * A timer of the server between two scrapes, from its histogram buckets: how many, the mean,
     * and the bucket bounds (in ms) under which half, 99 % and all of them fell. Used for the
     * server's own delivery time ({@code chat.messages.latency}: from receiving a message to its
     * transport taking it for the last online member), which tells the server's share of the delay
     * from the rest (the tool's threads, the sending side), and for its store commits ({@code
     * parley.store.commit}), which fsync on SQLite as uploads write to the same disk.
     */
    static Map<String, Object> timerBetween(String before, String after, String name) {
        java.util.TreeMap<Double, Double> cumulative = new java.util.TreeMap<>();
        for (int side = 0; side < 2; side++) {
            String scrape = side == 0 ? after : before;
            double sign = side == 0 ? 1 : -1;
            scrape.lines().filter(line -> line.startsWith(name + "_bucket{")).forEach(line -> {
                int at = line.indexOf("le=\"") + 4;
                String le = line.substring(at, line.indexOf('"', at));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                double n = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                cumulative.merge(bound, sign * n, Double::sum);
            });
        }
        double count = counted(after, name + "_count") - counted(before, name + "_count");
        double sum = counted(after, name + "_sum") - counted(before, name + "_sum");
        Map<String, Object> t = new java.util.LinkedHashMap<>();
        t.put("count", Math.round(count));
        t.put("meanMs", count > 0 ? Math.round(sum / count * 1e5) / 100.0 : 0.0);
        t.put("p50UnderMs", bound(cumulative, count * 0.5));
        t.put("p99UnderMs", bound(cumulative, count * 0.99));
        t.put("allUnderMs", bound(cumulative, count));
        return t;
    }

    /** A counter of a scrape; 0 when it is not there yet (a timer appears with its first reading). */
    private static double counted(String scrape, String name) {
        return Math.max(0, Api.metric(scrape, name));
    }

    private static Object bound(java.util.TreeMap<Double, Double> cumulative, double rank) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank - 0.5) {
                return e.getKey().isInfinite() ? "more" : Math.round(e.getKey() * 1e5) / 100.0;
            }
        }
        return "more";
    }

    private Uploads() {}
}
