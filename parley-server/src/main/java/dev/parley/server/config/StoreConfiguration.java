package dev.parley.server.config;

import dev.parley.core.account.RefreshTokenStore;
import dev.parley.core.account.UserStore;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.delivery.StreamStore;
import dev.parley.core.message.MessageStore;
import dev.parley.server.metrics.MicrometerStoreMetrics;
import dev.parley.server.metrics.PrometheusGauges;
import dev.parley.server.store.Database;
import dev.parley.server.store.GuardedDatabase;
import dev.parley.server.store.JdbcChatStore;
import dev.parley.server.store.JdbcMessageStore;
import dev.parley.server.store.JdbcRefreshTokenStore;
import dev.parley.server.store.JdbcStreamStore;
import dev.parley.server.store.JdbcUserStore;
import dev.parley.server.store.KeyedExecutor;
import dev.parley.server.store.ObservedDatabase;
import dev.parley.server.store.PostgresDatabase;
import dev.parley.server.store.SqliteDatabase;
import dev.parley.server.store.StoreCircuit;
import dev.parley.server.store.StoreMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the database from configuration and puts the JDBC stores on it. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Database database(
            ParleyProperties properties,
            MeterRegistry registry,
            PrometheusGauges gauges,
            ObservationRegistry observations,
            KeyedExecutor writeAnswers) {
        Database store = open(properties, new MicrometerStoreMetrics(registry), writeAnswers);
        StoreCircuit circuit =
                new StoreCircuit(store::reachable, properties.db().probeInterval());
        Database database = new ObservedDatabase(new GuardedDatabase(store, circuit), observations);
        gauges.register("message_to_db_workers_total", "Store writer workers busy now", database::busyWriters);
        FunctionCounter.builder("parley.store.refusals", circuit, StoreCircuit::refusals)
                .description("Store calls refused at once because the database was unreachable (503 store_unavailable)")
                .register(registry);
        Gauge.builder("parley.store.available", circuit, c -> c.isOpen() ? 0 : 1)
                .description("1 while the database is reachable, 0 while store calls are refused")
                .register(registry);
        return database;
    }

    private static Database open(ParleyProperties properties, StoreMetrics metrics, KeyedExecutor answers) {
        ParleyProperties.Db db = properties.db();
        if (db.isPostgres()) {
            return new PostgresDatabase(
                    db.url(),
                    db.user(),
                    db.password(),
                    db.poolSize(),
                    db.writeLanes(),
                    db.writeBatch(),
                    metrics,
                    answers,
                    db.connectTimeout());
        }
        if (!db.isSqlite()) {
            throw new IllegalArgumentException("parley.db.url is '" + db.url()
                    + "'; use jdbc:postgresql://host:port/database, jdbc:sqlite:/path/file.db, or leave it empty");
        }
        Path file = db.url() == null || db.url().isBlank()
                ? properties.dataDir().resolve("parley.db")
                : Path.of(db.url().substring("jdbc:sqlite:".length()));
        return new SqliteDatabase(file, db.sqliteReaders(), db.writeBatch(), db.sqliteFullSync(), metrics, answers);
    }

    @Bean
    UserStore userStore(Database db, Clock clock) {
        return new JdbcUserStore(db, clock);
    }

    @Bean
    ChatStore chatStore(Database db, Clock clock) {
        return new JdbcChatStore(db, clock);
    }

    @Bean
    MessageStore messageStore(Database db, Clock clock) {
        return new JdbcMessageStore(db, clock);
    }

    @Bean
    StreamStore streamStore(Database db) {
        return new JdbcStreamStore(db);
    }

    @Bean
    RefreshTokenStore refreshTokenStore(Database db) {
        return new JdbcRefreshTokenStore(db);
    }

    @Bean
    dev.parley.core.social.FriendStore friendStore(Database db) {
        return new dev.parley.server.store.JdbcFriendStore(db);
    }

    @Bean
    dev.parley.core.social.PostStore postStore(Database db) {
        return new dev.parley.server.store.JdbcPostStore(db);
    }

    @Bean
    dev.parley.core.social.ProfileStore profileStore(Database db) {
        return new dev.parley.server.store.JdbcProfileStore(db);
    }

    @Bean
    dev.parley.core.notify.NotificationStore notificationStore(Database db) {
        return new dev.parley.server.store.JdbcNotificationStore(db);
    }

    @Bean
    dev.parley.core.media.PendingErasures pendingErasures(Database db) {
        return new dev.parley.server.store.JdbcPendingErasures(db);
    }

    /** Erases files nothing names any more, now or, when the blob store cannot, later. */
    @Bean
    dev.parley.server.media.BlobErasures blobErasures(
            dev.parley.core.media.BlobStore blobs, dev.parley.core.media.PendingErasures pending, Clock clock) {
        return new dev.parley.server.media.BlobErasures(blobs, pending, clock);
    }

    /** Files (avatars): under {@code <data-dir>/blobs}, or in an S3 bucket. */
    @Bean
    dev.parley.core.media.BlobStore blobStore(ParleyProperties properties) {
        ParleyProperties.Blobs blobs = properties.blobs();
        if ("s3".equals(blobs.store())) {
            ParleyProperties.S3 s3 = blobs.s3();
            return new dev.parley.server.media.S3BlobStore(new dev.parley.server.media.S3BlobStore.Settings(
                    s3.endpoint(),
                    s3.region(),
                    s3.bucket(),
                    s3.prefix(),
                    s3.accessKey(),
                    s3.secretKey(),
                    s3.pathStyle()));
        }
        return new dev.parley.server.media.LocalBlobStore(properties.dataDir().resolve("blobs"));
    }
}
