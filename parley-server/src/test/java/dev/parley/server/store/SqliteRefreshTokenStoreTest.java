package dev.parley.server.store;

import dev.parley.core.account.RefreshTokenStoreContract;
import dev.parley.core.testing.Stores;

class SqliteRefreshTokenStoreTest extends RefreshTokenStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
