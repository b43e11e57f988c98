package dev.parley.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** PostgreSQL through a HikariCP pool; reads and writes run concurrently, each in its own transaction. */
public final class PostgresDatabase implements Database {

    private final Dialect dialect = new PostgresDialect();
    private final HikariDataSource pool;
    private final PooledTransactions transactions;

    public PostgresDatabase(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, StoreMetrics.NONE);
    }

    public PostgresDatabase(String url, String user, String password, int poolSize, StoreMetrics metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-postgres");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        if (metrics.pools() != null) {
            config.setMetricsTrackerFactory(metrics.pools());
        }
        this.pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(dialect.migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.transactions = new PooledTransactions(pool, dialect, true, metrics);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return transactions.run(work, true);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return transactions.run(work, false);
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public int busyWriters() {
        return transactions.busyWriters();
    }

    @Override
    public boolean ping() {
        return transactions.ping();
    }

    @Override
    public void close() {
        pool.close();
    }
}
