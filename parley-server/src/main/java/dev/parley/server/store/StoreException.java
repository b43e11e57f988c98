package dev.parley.server.store;

/** A storage failure the caller cannot fix: the database is unreachable, full, or broken. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
