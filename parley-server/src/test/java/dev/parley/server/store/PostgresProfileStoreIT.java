package dev.parley.server.store;

import dev.parley.core.social.ProfileStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresProfileStoreIT extends ProfileStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
