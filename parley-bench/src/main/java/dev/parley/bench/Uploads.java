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

        Latency before = new Latency();
        Latency during = new Latency();
        AtomicReference<Latency> phase = new AtomicReference<>(); // none while warming up
        AtomicLong delivered = new AtomicLong();
        List<Socket> all = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long chatId = chatIds[c];
            for (int m = 0; m < members - 1; m++) {
                Ledger ledger = run.ledger(1);
                all.add(run.open(listeners.get(c * (members - 1) + m).token(), "{}", frame -> {
                    if (Frames.is(frame, "message_created") && Frames.number(frame, "chatId") == chatId) {
                        ledger.seen(Frames.number(frame, "seq"));
                        Latency into = phase.get();
                        if (into != null) {
                            into.recordNanos(System.nanoTime() - Frames.bodyNanos(Frames.text(frame, "text")));
                        }
                        delivered.incrementAndGet();
                    }
                }));
            }
        }
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
        AtomicLong heapPeak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        double used = Api.metric(run.api.scrape(), "jvm_memory_used_bytes{area=\"heap\"");
                        if (phase.get() == during) {
                            heapPeak.accumulateAndGet((long) used, Math::max);
                        }
                        LockSupport.parkNanos(250_000_000);
                    }
                },
                "heap-sampler");
        sampler.start();
        Thread.sleep(warmup.toMillis()); // the JIT compilers finish: not timed
        phase.set(before);
        Thread.sleep(baseline.toMillis());

        // the uploads, all at once
        HttpClient http = HttpClient.create().baseUrl(run.urls.get(0));
        byte[] chunk = new byte[CHUNK];
        new java.util.Random(3).nextBytes(chunk);
        ByteBuf source = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(chunk));
        int chunks = sizeMib * 16;
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        phase.set(during);
        long uploadStart = System.nanoTime();
        run.progress(() -> String.format(
                "%d / %d uploads stored, %,d messages delivered", stored.get(), uploads, delivered.get()));
        Flux.range(0, uploads)
                .flatMap(
                        i -> {
                            int u = i % uploaderCount;
                            return http.headers(h -> {
                                        h.set(
                                                HttpHeaderNames.AUTHORIZATION,
                                                "Bearer " + uploaders.get(u).token());
                                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                                    })
                                    .post()
                                    .uri("/api/v1/chats/" + uploadChats[u] + "/uploads?name=bench-" + i + ".bin")
                                    .send(Flux.range(0, chunks).map(n -> source.retainedDuplicate()))
                                    .responseSingle((response, body) -> body.asString()
                                            .defaultIfEmpty("")
                                            .map(text -> response.status().code()))
                                    .doOnNext(status -> (status == 201 ? stored : failed).incrementAndGet())
                                    .onErrorResume(e -> {
                                        failed.incrementAndGet();
                                        return Mono.empty();
                                    });
                        },
                        uploads)
                .blockLast(timeout);
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        phase.set(null);
        sampling.set(false);
        sampler.join();
        stop.set(true);
        schedule.join();
        boolean complete = Run.await(() -> delivered.get() >= sent.get() * (members - 1) && due.isEmpty(), timeout);
        double heapAtEnd = gauges.read(uploadSeconds).heapJudged();

        run.results.put("uploads", uploads);
        run.results.put("uploadSizeMiB", sizeMib);
        run.results.put("uploadsStored", stored.get());
        run.results.put("uploadsFailed", failed.get());
        run.results.put("uploadSeconds", Math.round(uploadSeconds * 10) / 10.0);
        run.results.put("uploadMiBPerSecond", Math.round(uploads * sizeMib / uploadSeconds));
        run.results.put("heapCollected", gauges.collects());
        run.results.put("heapAtStartMiB", Math.round(heapAtStart));
        run.results.put("heapPeakDuringMiB", Math.round(heapPeak.get() / MIB));
        run.results.put("heapAtEndMiB", Math.round(heapAtEnd));
        run.results.put(
                "heapGrowthPerUploadMiB", Math.round((heapPeak.get() / MIB - heapAtStart) / uploads * 100) / 100.0);
        run.results.put("messagesSent", sent.get());
        run.results.put("deliveryLatencyBeforeMs", before.summary());
        run.results.put("deliveryLatencyDuringMs", during.summary());
        run.results.put("completeBeforeTimeout", complete);
        Map<String, Long> correctness = run.correctness(sent.get() / chats);
        correctness.put("uploadsNotStored", (long) (uploads - stored.get()));
        return run.report("uploads", correctness);
    }

    private Uploads() {}
}
