package dev.parley.server.store;

import dev.parley.core.delivery.StreamStoreContract;
import dev.parley.core.testing.Stores;

class SqliteStreamStoreTest extends StreamStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
