package dev.parley.server.store;

import dev.parley.core.social.ProfileStoreContract;
import dev.parley.core.testing.Stores;

class SqliteProfileStoreTest extends ProfileStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
