package dev.parley.server.store;

/**
 * A store call refused without trying, because the database is known to be unreachable (see
 * {@link StoreCircuit}). Nothing was read or written; the same call can be retried later.
 */
public final class StoreUnavailable extends StoreException {

    StoreUnavailable(long downForMillis) {
        super("the database has been unreachable for " + downForMillis / 1000 + " s; retry later", null);
    }
}
