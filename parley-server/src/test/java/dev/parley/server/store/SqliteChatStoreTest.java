package dev.parley.server.store;

import dev.parley.core.chat.ChatStoreContract;
import dev.parley.core.testing.Stores;

class SqliteChatStoreTest extends ChatStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
