package dev.parley.server.store;

import dev.parley.core.social.FriendStoreContract;
import dev.parley.core.testing.Stores;

class SqliteFriendStoreTest extends FriendStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.sqlite();
    }
}
