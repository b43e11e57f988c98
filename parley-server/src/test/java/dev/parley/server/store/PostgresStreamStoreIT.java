package dev.parley.server.store;

import dev.parley.core.delivery.StreamStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresStreamStoreIT extends StreamStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
