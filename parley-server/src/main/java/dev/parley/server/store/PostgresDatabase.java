package dev.parley.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL through a HikariCP pool; reads and writes run concurrently, each in its own
 * transaction. Queued writes go to one of {@code writeLanes} group-commit writers, each on its own
 * connection, chosen by order key: writes of one key keep their order, and lanes commit in parallel.
 *
 * <p>Every connection attempt, pooled or a lane's, gives up after {@code connectTimeout}, and a call
 * waits at most that long for a pooled connection: while the database is down, calls fail within
 * seconds instead of Hikari's default 30.
 */
public final class PostgresDatabase implements Database {

    private final Dialect dialect = new PostgresDialect();
    private final HikariDataSource pool;
    private final PooledTransactions transactions;

    private final GroupCommitWriter[] lanes;
    private final String url;
    private final Properties credentials;

    public PostgresDatabase(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, 2, 256, StoreMetrics.NONE, KeyedExecutor.DIRECT, Duration.ofSeconds(3));
    }

    /** {@code answers}: where the lanes complete queued writes (see {@link GroupCommitWriter}). */
    public PostgresDatabase(
            String url,
            String user,
            String password,
            int poolSize,
            int writeLanes,
            int maxBatch,
            StoreMetrics metrics,
            KeyedExecutor answers,
            Duration connectTimeout) {
        if (writeLanes < 1) {
            throw new IllegalArgumentException("parley.db.write-lanes is " + writeLanes + "; it must be at least 1");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-postgres");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        long timeoutMillis = Math.max(250, connectTimeout.toMillis());
        String timeoutSeconds = Long.toString(Math.max(1, (timeoutMillis + 999) / 1000));
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(Math.max(250, timeoutMillis / 2));
        config.addDataSourceProperty("connectTimeout", timeoutSeconds);
        config.addDataSourceProperty("loginTimeout", timeoutSeconds);
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
        Properties credentials = new Properties();
        credentials.setProperty("connectTimeout", timeoutSeconds);
        credentials.setProperty("loginTimeout", timeoutSeconds);
        this.url = url;
        this.credentials = credentials;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.lanes = new GroupCommitWriter[writeLanes];
        for (int i = 0; i < writeLanes; i++) {
            lanes[i] = new GroupCommitWriter(
                    "parley-db-writer-" + i,
                    () -> DriverManager.getConnection(url, credentials),
                    maxBatch,
                    10_000,
                    dialect::isUniqueViolation,
                    metrics,
                    answers);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return transactions.run(work, true);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return transactions.run(work, false);
    }

    /** Through the group-commit writer of the key, waited for on its thread. */
    @Override
    public <T> T writeShared(long orderKey, SqlWork<T> work) {
        return lanes[(int) Math.floorMod(orderKey, (long) lanes.length)].submit(work);
    }

    @Override
    public <T> CompletableFuture<T> writeQueued(long orderKey, SqlWork<T> work) {
        return lanes[(int) Math.floorMod(orderKey, (long) lanes.length)].enqueue(orderKey, work);
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public int busyWriters() {
        int busy = transactions.busyWriters();
        for (GroupCommitWriter lane : lanes) {
            busy += lane.busy();
        }
        return busy;
    }

    @Override
    public boolean ping() {
        return transactions.ping();
    }

    /** Opens a connection of its own (not the pool's), so it answers as soon as the database is back. */
    @Override
    public boolean reachable() {
        try (Connection c = DriverManager.getConnection(url, credentials)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (GroupCommitWriter lane : lanes) {
            lane.close();
        }
        pool.close();
    }
}
