package dev.parley.server.ops;

import dev.parley.server.store.Database;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** "store": UP while the database answers a trivial query; readiness depends on it. */
@Component("store")
final class StoreHealth implements HealthIndicator {

    private final Database database;

    StoreHealth(Database database) {
        this.database = database;
    }

    @Override
    public Health health() {
        return database.ping()
                ? Health.up().build()
                : Health.down()
                        .withDetail("reason", "the database does not answer")
                        .build();
    }
}
