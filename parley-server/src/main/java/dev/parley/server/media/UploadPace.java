package dev.parley.server.media;

import dev.parley.server.config.ParleyProperties;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpResources;

/**
 * How fast uploads are read: at most {@code parley.limits.upload-bandwidth} (8 MiB/s unless set;
 * 0: no cap), and less while the event loops fall behind, so that uploads take what messages leave.
 * The halving alone did not keep others' delivery time on 2 cores: 100 uploads at once took 12–59
 * MiB/s and the p90 delivery time of messages grew 1.8–12 times while they ran; with the cap it
 * grew at most 1.6 times in 9 rounds of 10, and with uploads ending one after another ({@link
 * Bandwidth}) the p99 did not grow in 10 rounds of 14 on a quieter machine, and by at most 2.2
 * ms in the other four (docs/benchmarks.md, "Files"). Every 10 ms a task
 * is handed to each of the server's event loops and the time it waited is kept; every 100 ms the
 * worst wait of the window decides: above {@code parley.limits.upload-yield} (5 ms) the rate is
 * halved, down to 1 MB/s (or the cap, if lower); at most half of it, the rate grows by a quarter,
 * up to the cap. A loop that runs a task late runs every socket's frames late, whatever took its
 * time (the uploads' bytes, a burst of requests, another process on the same cores). A window
 * without uploads sets the rate to {@value #START} bytes a second (or the cap, if lower): uploads
 * that start after a quiet time start there and grow, neither at a rate that quiet windows grew
 * nor at one that loops late for other reasons cut. {@code upload-yield=0} turns this off:
 * uploads then go at the cap.
 *
 * <p>The probe runs while the server does: it starts after the server's event loops and stops
 * before them.
 */
@Component
final class UploadPace implements SmartLifecycle {

    static final double FLOOR = 1_000_000;
    /** Where uploads start after a quiet time. */
    static final double START = 16_000_000;
    /** Grown past this, uploads go at the cap (unpaced when there is none); cut from it, they go at half. */
    static final double UNPACED = 256_000_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadPace.class);

    private final Bandwidth bandwidth;
    private final double cap;
    private final long yieldNanos;
    private final ObjectProvider<ReactorResourceFactory> resources;
    private final AtomicLong worstWait = new AtomicLong();
    private volatile ScheduledExecutorService probe;
    private double rate;

    UploadPace(ParleyProperties properties, ObjectProvider<ReactorResourceFactory> resources) {
        long perSecond = properties.limits().uploadBandwidth().toBytes();
        this.cap = perSecond > 0 ? perSecond : Double.POSITIVE_INFINITY;
        this.yieldNanos = properties.limits().uploadYield().toNanos();
        this.resources = resources;
        this.rate = yieldNanos == 0 ? cap : Math.min(cap, START);
        this.bandwidth = yieldNanos == 0 && perSecond == 0 ? null : new Bandwidth(rate);
    }

    /** The pace of uploads' bytes; null when nothing paces them. */
    Bandwidth bandwidth() {
        return bandwidth;
    }

    /**
     * The rate after a window whose event loops waited at worst {@code waitNanos}, in which uploads
     * asked for bytes ({@code used}) or not.
     */
    static double next(double rate, long waitNanos, boolean used, double cap, long yieldNanos) {
        if (!used) { // late loops are not the uploads' doing when there are none
            return Math.min(cap, START);
        }
        if (waitNanos > yieldNanos) {
            return Math.min(cap, Math.max(FLOOR, Math.min(rate, UNPACED) / 2));
        }
        if (waitNanos <= yieldNanos / 2) {
            double grown = rate * 1.25;
            return grown >= Math.min(cap, UNPACED) ? cap : grown;
        }
        return rate;
    }

    @Override
    public void start() {
        if (yieldNanos == 0) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-upload-pace");
            t.setDaemon(true);
            return t;
        });
        EventLoopGroup loops = loops();
        started.scheduleAtFixedRate(() -> guarded(() -> probe(loops)), 10, 10, TimeUnit.MILLISECONDS);
        started.scheduleAtFixedRate(() -> guarded(this::adjust), 100, 100, TimeUnit.MILLISECONDS);
        probe = started;
    }

    /** The server's event loops: the resource factory's, else Reactor Netty's shared ones (what the server runs on). */
    private EventLoopGroup loops() {
        ReactorResourceFactory factory = resources.getIfAvailable();
        return factory != null
                ? factory.getLoopResources().onServer(true)
                : HttpResources.get().onServer(true);
    }

    private void probe(EventLoopGroup loops) {
        for (EventExecutor loop : loops) {
            long handed = System.nanoTime();
            loop.execute(() -> worstWait.accumulateAndGet(System.nanoTime() - handed, Math::max));
        }
    }

    private void adjust() {
        rate = next(rate, worstWait.getAndSet(0), bandwidth.used(), cap, yieldNanos);
        bandwidth.rate(rate);
    }

    /** A failing turn must not end the schedule (a scheduled task that throws is never run again). */
    private static void guarded(Runnable turn) {
        try {
            turn.run();
        } catch (RuntimeException e) {
            LOG.debug("upload pace: a turn failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = probe;
        probe = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return probe != null;
    }

    /** Starts after the server's event loops (the resource factory, the web server) and stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
