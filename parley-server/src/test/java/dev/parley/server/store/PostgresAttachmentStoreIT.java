package dev.parley.server.store;

import dev.parley.core.message.AttachmentStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresAttachmentStoreIT extends AttachmentStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
