package dev.parley.server.store;

import dev.parley.core.message.AttachmentStoreContract;
import dev.parley.core.testing.Stores;

class SqliteAttachmentStoreTest extends AttachmentStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
