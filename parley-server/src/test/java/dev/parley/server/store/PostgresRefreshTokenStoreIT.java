package dev.parley.server.store;

import dev.parley.core.account.RefreshTokenStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresRefreshTokenStoreIT extends RefreshTokenStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
