package dev.parley.server.store;

/** A write hit a unique constraint; the stores turn this into their documented "already exists" result. */
public class DuplicateKeyException extends StoreException {

    public DuplicateKeyException(Throwable cause) {
        super("unique constraint violated", cause);
    }
}
