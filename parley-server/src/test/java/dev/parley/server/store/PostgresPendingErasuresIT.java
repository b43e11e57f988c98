package dev.parley.server.store;

import dev.parley.core.media.PendingErasuresContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresPendingErasuresIT extends PendingErasuresContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
