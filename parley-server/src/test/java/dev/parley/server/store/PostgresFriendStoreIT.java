package dev.parley.server.store;

import dev.parley.core.social.FriendStoreContract;
import dev.parley.core.testing.Stores;
import dev.parley.server.testing.RequiresPostgres;

@RequiresPostgres
class PostgresFriendStoreIT extends FriendStoreContract {

    @Override
    protected Stores openStores() throws Exception {
        return TestStores.postgres();
    }
}
