package dev.parley.server.store;

import dev.parley.core.social.PostStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresPostStoreIT extends PostStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
