package dev.parley.server.store;

import dev.parley.core.message.ReactionStoreContract;
import dev.parley.core.testing.Stores;

class SqliteReactionStoreTest extends ReactionStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
