package dev.parley.server.store;

import dev.parley.core.social.PostStoreContract;
import dev.parley.core.testing.Stores;

class SqlitePostStoreTest extends PostStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
