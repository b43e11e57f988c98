package dev.parley.server.store;

import dev.parley.core.notify.NotificationStoreContract;
import dev.parley.core.testing.Stores;

class SqliteNotificationStoreTest extends NotificationStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
