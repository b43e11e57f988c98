package dev.parley.server.store;

import dev.parley.core.media.PendingErasuresContract;
import dev.parley.core.testing.Stores;

class SqlitePendingErasuresTest extends PendingErasuresContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
