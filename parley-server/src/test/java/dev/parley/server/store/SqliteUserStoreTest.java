package dev.parley.server.store;

import dev.parley.core.account.UserStoreContract;
import dev.parley.core.testing.Stores;

class SqliteUserStoreTest extends UserStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
