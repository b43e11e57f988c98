package dev.parley.server.media;

import dev.parley.server.config.ParleyProperties;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpResources;

/**
 * How fast uploads are read: at most {@code parley.limits.upload-bandwidth} (0: no cap), and less
 * while the event loops fall behind, so that uploads take what messages leave. Every 10 ms a task
 * is handed to each of the server's event loops and the time it waited is kept; every 100 ms the
 * worst wait of the window decides: above {@code parley.limits.upload-yield} (5 ms) the rate is
 * halved, down to 1 MB/s; below half of it the rate grows by a quarter, up to the cap. A loop that
 * runs a task late runs every socket's frames late, whatever took its time (the uploads' bytes, a
 * burst of requests, another process on the same cores). {@code upload-yield=0} turns this off:
 * uploads then go at the cap.
 */
@Component
final class UploadPace implements DisposableBean {

    static final double FLOOR = 1_000_000;
    /** Grown past this, uploads go at the cap (unpaced when there is none); cut from it, they go at half. */
    static final double UNPACED = 256_000_000;

    private final Bandwidth bandwidth;
    private final double cap;
    private final long yieldNanos;
    private final AtomicLong worstWait = new AtomicLong();
    private final ScheduledExecutorService probe;
    private volatile double rate;

    UploadPace(ParleyProperties properties) {
        long perSecond = properties.limits().uploadBandwidth().toBytes();
        this.cap = perSecond > 0 ? perSecond : Double.POSITIVE_INFINITY;
        this.yieldNanos = properties.limits().uploadYield().toNanos();
        this.rate = cap;
        if (yieldNanos == 0 && perSecond == 0) {
            this.bandwidth = null;
            this.probe = null;
            return;
        }
        this.bandwidth = new Bandwidth(cap);
        if (yieldNanos == 0) {
            this.probe = null;
            return;
        }
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-upload-pace");
            t.setDaemon(true);
            return t;
        });
        probe.scheduleAtFixedRate(this::probeLoops, 10, 10, TimeUnit.MILLISECONDS);
        probe.scheduleAtFixedRate(this::adjust, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The pace of uploads' bytes; null when nothing paces them. */
    Bandwidth bandwidth() {
        return bandwidth;
    }

    private void probeLoops() {
        for (EventExecutor loop : HttpResources.get().onServer(true)) {
            long handed = System.nanoTime();
            loop.execute(() -> worstWait.accumulateAndGet(System.nanoTime() - handed, Math::max));
        }
    }

    private void adjust() {
        rate = next(rate, worstWait.getAndSet(0), cap, yieldNanos);
        bandwidth.rate(rate);
    }

    /** The rate after a window whose event loops waited at worst {@code waitNanos}. */
    static double next(double rate, long waitNanos, double cap, long yieldNanos) {
        if (waitNanos > yieldNanos) {
            return Math.max(FLOOR, Math.min(rate, UNPACED) / 2);
        }
        if (waitNanos < yieldNanos / 2) {
            double grown = rate * 1.25;
            return grown >= Math.min(cap, UNPACED) ? cap : grown;
        }
        return rate;
    }

    @Override
    public void destroy() {
        if (probe != null) {
            probe.shutdownNow();
        }
    }
}
