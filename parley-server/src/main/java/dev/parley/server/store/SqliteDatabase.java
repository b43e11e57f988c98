package dev.parley.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default: one SQLite file in WAL mode. Writes go through a {@link GroupCommitWriter}
 * on its own connection; reads run in parallel on a small pool of read-only connections (WAL lets
 * them read while the writer writes).
 */
public final class SqliteDatabase implements Database {

    private final Dialect dialect = new SqliteDialect();
    private final HikariDataSource readers;
    private final PooledTransactions reads;
    private final GroupCommitWriter writer;

    public SqliteDatabase(Path file, int readers, int maxBatch, boolean fullSync) {
        this(file, readers, maxBatch, fullSync, StoreMetrics.NONE, KeyedExecutor.DIRECT);
    }

    /** {@code answers}: where the writer completes queued writes (see {@link GroupCommitWriter}). */
    public SqliteDatabase(
            Path file, int readers, int maxBatch, boolean fullSync, StoreMetrics metrics, KeyedExecutor answers) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = config(fullSync);
            migrate(url, config);
            this.writer = new GroupCommitWriter(
                    "parley-db-writer",
                    () -> DriverManager.getConnection(url, config.toProperties()),
                    maxBatch,
                    10_000,
                    dialect::isUniqueViolation,
                    metrics,
                    answers);
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("parley-sqlite-readers");
            pool.setJdbcUrl(url);
            pool.setDataSourceProperties(config.toProperties());
            pool.setMaximumPoolSize(readers);
            if (metrics.pools() != null) {
                pool.setMetricsTrackerFactory(metrics.pools());
            }
            this.readers = new HikariDataSource(pool);
            // the SQLite driver cannot toggle read-only on an open connection (HikariCP sets it per checkout)
            this.reads = new PooledTransactions(this.readers, dialect, false, metrics);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig config(boolean fullSync) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        // Overwrite deleted content, so an erased message's text does not linger in free pages.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // Messages go to many chats at once, so a batch touches pages all over the indexes: keep
        // them in memory (up to 64 MiB of cache per connection; the default is 2 MiB), and read
        // the database file through a memory map.
        config.setCacheSize(-64 * 1024);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(1L << 30));
        // Checkpoint every 16384 pages (64 MiB of WAL) rather than 1000: a batch rewrites the same
        // hot index pages again and again, and a checkpoint copies each page once however often it
        // changed, so checkpointing less often copies far less (measured: 10k -> 14k messages/s).
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "16384");
        return config;
    }

    private void migrate(String url, SQLiteConfig config) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        Flyway.configure()
                .dataSource(source)
                .locations(dialect.migrations())
                .load()
                .migrate();
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return reads.run(work, true);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return writer.submit(work);
    }

    /** One writer for every key. */
    @Override
    public <T> CompletableFuture<T> writeQueued(long orderKey, SqlWork<T> work) {
        return writer.enqueue(orderKey, work);
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public int busyWriters() {
        return writer.busy();
    }

    @Override
    public boolean ping() {
        return reads.ping();
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
