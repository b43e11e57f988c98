package dev.parley.core.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every port's contract suite: each test gets fresh stores from {@link #openStores()},
 * closed after it. Each implementation extends the suite once and supplies its stores.
 */
public abstract class StoreContract {

    protected Stores stores;

    /** Fresh, empty stores over a new database (or schema). */
    protected abstract Stores openStores() throws Exception;

    @BeforeEach
    void open() throws Exception {
        stores = openStores();
    }

    @AfterEach
    void close() throws Exception {
        if (stores != null) {
            stores.close();
        }
    }
}
