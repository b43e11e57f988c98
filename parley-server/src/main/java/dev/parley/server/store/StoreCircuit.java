package dev.parley.server.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database is reachable, so that calls fail fast while it is not.
 *
 * <p>Closed (the database is up) it lets every call through. When a call fails for want of a
 * connection ({@link #isConnectionFailure}), it probes the database in the background; if the probe
 * fails too, it opens: {@link #check()} then refuses every call at once with {@link
 * StoreUnavailable} (counted in {@link #refusals()}), and the probe runs every {@code interval}
 * until the database answers, when it closes again. Opening logs one WARN line, closing one INFO
 * line with how long the database was unreachable; nothing is logged per refused call. A failure
 * the probe does not confirm (a connection broken by an outage already over) leaves it closed.
 * Thread-safe.
 */
public final class StoreCircuit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreCircuit.class);

    private final BooleanSupplier probe;
    private final Duration interval;
    private final ScheduledExecutorService prober;
    private final AtomicLong refusals = new AtomicLong();
    private volatile boolean open;
    private boolean probing;
    private long downSince;
    private long refusalsWhenOpened;

    /** {@code probe}: true when the database answers now; it should give up within a few seconds. */
    public StoreCircuit(BooleanSupplier probe, Duration interval) {
        this.probe = probe;
        this.interval = interval;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-store-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Refuses at once (throws {@link StoreUnavailable}) while the database is known to be unreachable. */
    public void check() {
        if (open) {
            refusals.incrementAndGet();
            throw new StoreUnavailable(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
        }
    }

    /** A call failed: if for want of a connection, checks (in the background) whether the database is down. */
    public void failed(Throwable error) {
        if (!isConnectionFailure(error)) {
            return;
        }
        synchronized (this) {
            if (open || probing) {
                return;
            }
            probing = true;
        }
        schedule(0, error);
    }

    /** True while the database is known to be unreachable. */
    public boolean isOpen() {
        return open;
    }

    /** Calls refused so far because the database was unreachable. */
    public long refusals() {
        return refusals.get();
    }

    private void schedule(long delayMillis, Throwable cause) {
        try {
            prober.schedule(() -> probe(cause), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // shutting down
        }
    }

    private void probe(Throwable cause) {
        boolean up;
        try {
            up = probe.getAsBoolean();
        } catch (RuntimeException e) {
            up = false;
        }
        if (up) {
            boolean wasOpen;
            long downMillis;
            long refused;
            synchronized (this) {
                wasOpen = open;
                downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince);
                refused = refusals.get() - refusalsWhenOpened;
                open = false;
                probing = false;
            }
            if (wasOpen) {
                log.info(
                        "The database is reachable again after {} s unreachable; {} store calls were refused meanwhile",
                        String.format(Locale.ROOT, "%.1f", downMillis / 1000.0),
                        refused);
            }
            return;
        }
        boolean opened = false;
        synchronized (this) {
            if (!open) {
                open = true;
                opened = true;
                downSince = System.nanoTime();
                refusalsWhenOpened = refusals.get();
            }
        }
        if (opened) {
            log.warn(
                    "The database is unreachable ({}): store calls are answered 503 store_unavailable at once,"
                            + " and it is probed every {} ms until it answers",
                    describe(cause),
                    interval.toMillis());
        }
        schedule(interval.toMillis(), cause);
    }

    /** True when {@code error} (or a cause) says no connection to the database could be had or kept. */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailable
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
