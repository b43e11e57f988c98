package dev.parley.server.store;

import dev.parley.core.notify.NotificationStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresNotificationStoreIT extends NotificationStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
