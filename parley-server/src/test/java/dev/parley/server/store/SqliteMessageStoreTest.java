package dev.parley.server.store;

import dev.parley.core.message.MessageStoreContract;
import dev.parley.core.testing.Stores;

class SqliteMessageStoreTest extends MessageStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
