package dev.parley.server.config;

import dev.parley.server.ratelimit.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every Parley setting, bound once at start-up from {@code parley.*} properties or {@code PARLEY_*}
 * environment variables. Each key is documented with its default in docs/configuration.md.
 */
@ConfigurationProperties("parley")
public record ParleyProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Db db,
        @DefaultValue Auth auth,
        @DefaultValue Limits limits,
        @DefaultValue Realtime realtime,
        @DefaultValue("64") int storeThreads,
        @DefaultValue Redis redis,
        String nodeId,
        @DefaultValue Tracing tracing,
        @DefaultValue Blobs blobs) {

    public ParleyProperties {
        if (storeThreads < 1) {
            throw new IllegalArgumentException("parley.store-threads is " + storeThreads + "; it must be at least 1");
        }
        if (redis.enabled() && !db.isPostgres()) {
            throw new IllegalArgumentException("parley.redis.url is set (cluster mode), but the database is SQLite:"
                    + " the nodes of a cluster share one PostgreSQL; set parley.db.url=jdbc:postgresql://host:port/db");
        }
        if (redis.enabled() && (auth.jwtSecret() == null || auth.jwtSecret().isBlank())) {
            throw new IllegalArgumentException("parley.redis.url is set (cluster mode), but parley.auth.jwt-secret is"
                    + " not: set it to the same base64 key on every node, or each node refuses the others' tokens");
        }
        if (nodeId != null && !nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "parley.node-id is '" + nodeId + "'; use 1–64 letters, digits, '_', '.' or '-'");
        }
    }

    /** The database: SQLite under the data directory unless {@code url} names PostgreSQL. */
    public record Db(
            String url,
            String user,
            String password,
            @DefaultValue("16") int poolSize,
            @DefaultValue("4") int sqliteReaders,
            @DefaultValue("4096") int writeBatch,
            @DefaultValue("2") int writeLanes,
            @DefaultValue("true") boolean sqliteFullSync,
            @DefaultValue("3s") Duration connectTimeout,
            @DefaultValue("1s") Duration probeInterval) {

        public Db {
            if (writeBatch < 1 || writeLanes < 1) {
                throw new IllegalArgumentException("parley.db.write-batch is " + writeBatch
                        + " and parley.db.write-lanes is " + writeLanes + "; both must be at least 1");
            }
            atLeastOne("parley.db.pool-size", poolSize);
            atLeastOne("parley.db.sqlite-readers", sqliteReaders);
            positive("parley.db.connect-timeout", connectTimeout);
            positive("parley.db.probe-interval", probeInterval);
        }

        public boolean isPostgres() {
            return url != null && url.startsWith("jdbc:postgresql:");
        }

        public boolean isSqlite() {
            return url == null || url.isBlank() || url.startsWith("jdbc:sqlite:");
        }
    }

    public record Auth(
            String jwtSecret,
            @DefaultValue("15m") Duration accessTokenTtl,
            @DefaultValue("30d") Duration refreshTokenTtl,
            @DefaultValue("10") int bcryptCost,
            @DefaultValue("10s") Duration refreshReuseGrace,
            @DefaultValue({"5/1m", "20/1h", "100/1d"}) List<String> loginFailuresPerAccount,
            @DefaultValue({"30/1m", "300/1h"}) List<String> loginAttemptsPerAddress,
            @DefaultValue("20/1h") List<String> registrationsPerAddress,
            @DefaultValue("60/1m") List<String> refreshesPerAddress,
            @DefaultValue("0") int hashThreads,
            @DefaultValue("200") int hashQueue) {

        public Auth {
            if (bcryptCost < 4 || bcryptCost > 31) {
                throw new IllegalArgumentException("parley.auth.bcrypt-cost is " + bcryptCost + "; allowed 4–31");
            }
            if (refreshReuseGrace == null || refreshReuseGrace.isNegative()) {
                throw new IllegalArgumentException("parley.auth.refresh-reuse-grace is " + refreshReuseGrace
                        + "; it must be 0 (no grace) or longer (e.g. 10s)");
            }
            Rate.parseAll("parley.auth.login-failures-per-account", loginFailuresPerAccount);
            Rate.parseAll("parley.auth.login-attempts-per-address", loginAttemptsPerAddress);
            Rate.parseAll("parley.auth.registrations-per-address", registrationsPerAddress);
            Rate.parseAll("parley.auth.refreshes-per-address", refreshesPerAddress);
            if (hashThreads < 0) {
                throw new IllegalArgumentException(
                        "parley.auth.hash-threads is " + hashThreads + "; use 0 (one per core) or more");
            }
            atLeastOne("parley.auth.hash-queue", hashQueue);
        }

        /** Threads that hash passwords: as configured, or one per core. */
        public int passwordHashThreads() {
            return hashThreads > 0 ? hashThreads : Runtime.getRuntime().availableProcessors();
        }
    }

    public record Limits(
            @DefaultValue("4000") int messageLength,
            @DefaultValue("64KB") DataSize bodySize,
            @DefaultValue("20") int writesPerSecond,
            @DefaultValue("40") int writeBurst,
            @DefaultValue("5MB") DataSize avatarSize,
            @DefaultValue("10MB") DataSize imageSize,
            @DefaultValue("1h") java.time.Duration unusedUploadTtl,
            @DefaultValue("50") int unsentUploads,
            @DefaultValue("25MB") DataSize fileSize,
            @DefaultValue("1h") java.time.Duration fileLinkTtl,
            @DefaultValue("8MB") DataSize uploadBandwidth,
            @DefaultValue("5ms") java.time.Duration uploadYield,
            @DefaultValue("5000") int friends,
            @DefaultValue("1000") int friendRequests) {

        public Limits {
            if (messageLength < 1) {
                throw new IllegalArgumentException("parley.limits.message-length must be at least 1");
            }
            atLeastOne("parley.limits.writes-per-second", writesPerSecond);
            atLeastOne("parley.limits.write-burst", writeBurst);
            atLeastOne("parley.limits.unsent-uploads", unsentUploads);
            atLeastOne("parley.limits.friends", friends);
            atLeastOne("parley.limits.friend-requests", friendRequests);
            if (unusedUploadTtl.isNegative() || unusedUploadTtl.isZero()) {
                throw new IllegalArgumentException("parley.limits.unused-upload-ttl must be positive");
            }
            if (fileLinkTtl.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("parley.limits.file-link-ttl must be at least 1m");
            }
            if (uploadBandwidth.toBytes() < 0) {
                throw new IllegalArgumentException("parley.limits.upload-bandwidth must be 0 (no limit) or more");
            }
            if (uploadYield.isNegative()
                    || (!uploadYield.isZero() && uploadYield.compareTo(java.time.Duration.ofMillis(1)) < 0)) {
                throw new IllegalArgumentException("parley.limits.upload-yield must be 0 (off) or at least 1ms");
            }
            if (fileSize.toBytes() < 1) {
                throw new IllegalArgumentException("parley.limits.file-size must be positive");
            }
        }
    }

    /** The WebSocket endpoint: limits, timers and fan-out policy. */
    public record Realtime(
            @DefaultValue("1MB") DataSize outboundQueue,
            @DefaultValue("64KB") DataSize maxFrame,
            @DefaultValue("20s") Duration pingInterval,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("20") int commandsPerSecond,
            @DefaultValue("40") int commandBurst,
            @DefaultValue("1000") int maxReplay,
            @DefaultValue("10000") int maxHeldEvents,
            @DefaultValue("32MB") DataSize replayCache,
            @DefaultValue("1s") Duration gapTimeout,
            @DefaultValue("5s") Duration presenceGrace,
            @DefaultValue("1000") int presenceMaxMembers,
            @DefaultValue("5s") Duration typingTtl,
            @DefaultValue("20") int receiptsMaxMembers,
            @DefaultValue("100") int maxPendingSends,
            @DefaultValue("0") int fanoutShards,
            @DefaultValue("8192") int fanoutQueue,
            @DefaultValue("50") int typingMaxMembers,
            @DefaultValue List<String> allowedOrigins) {

        public Realtime {
            if (maxPendingSends < 1) {
                throw new IllegalArgumentException(
                        "parley.realtime.max-pending-sends is " + maxPendingSends + "; it must be at least 1");
            }
            if (commandsPerSecond < 1 || commandBurst < 1) {
                throw new IllegalArgumentException(
                        "parley.realtime.commands-per-second and command-burst must be at least 1");
            }
            if (maxReplay < 1) {
                throw new IllegalArgumentException("parley.realtime.max-replay must be at least 1");
            }
            if (fanoutShards < 0 || fanoutQueue < 1) {
                throw new IllegalArgumentException("parley.realtime.fanout-shards is " + fanoutShards
                        + " and fanout-queue " + fanoutQueue + "; shards 0 (one per core) or more, queue at least 1");
            }
            atLeastOne("parley.realtime.max-held-events", maxHeldEvents);
            positive("parley.realtime.outbound-queue", outboundQueue);
            positive("parley.realtime.gap-timeout", gapTimeout);
        }

        /** Fan-out shards: as configured, or one per core. */
        public int shards() {
            return fanoutShards > 0 ? fanoutShards : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Tracing: read at start-up by TracingSwitch, before the properties are bound (it decides which
     * Spring settings apply); here so the key is known and documented with the others.
     */
    public record Tracing(String otlpEndpoint) {}

    /**
     * Cluster mode: with {@code url}, Redis carries events between nodes and holds presence; without
     * it the node runs alone. Keys and channels start with {@code namespace}, so clusters (or tests)
     * can share a Redis.
     */
    public record Redis(
            String url,
            @DefaultValue("parley") String namespace,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("15s") Duration presenceTtl,
            @DefaultValue("2s") Duration reconnectMaxDelay,
            @DefaultValue("10000") int requestQueue) {

        public Redis {
            if (pollInterval.isNegative() || pollInterval.isZero() || presenceTtl.toMillis() < 1000) {
                throw new IllegalArgumentException(
                        "parley.redis.poll-interval is " + pollInterval + " and presence-ttl " + presenceTtl
                                + "; poll-interval must be positive, presence-ttl at least 1s");
            }
            if (reconnectMaxDelay.isNegative() || reconnectMaxDelay.isZero() || requestQueue < 1) {
                throw new IllegalArgumentException("parley.redis.reconnect-max-delay is " + reconnectMaxDelay
                        + " and request-queue " + requestQueue + "; both must be positive");
            }
            if (namespace.isBlank() || !namespace.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException(
                        "parley.redis.namespace is '" + namespace + "'; use letters, digits, '_', '.' or '-'");
            }
        }

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be at least 1");
        }
    }

    private static void positive(String key, DataSize value) {
        if (value == null || value.toBytes() < 1) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be at least 1B (e.g. 1MB)");
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be longer than 0 (e.g. 1s)");
        }
    }

    /**
     * Where files (avatars) are kept: {@code local} files under {@code <data-dir>/blobs}, or an
     * {@code s3} bucket (AWS or any S3-compatible server).
     */
    public record Blobs(
            @DefaultValue("local") String store,
            @DefaultValue S3 s3) {

        public Blobs {
            if (!"local".equals(store) && !"s3".equals(store)) {
                throw new IllegalArgumentException("parley.blobs.store is '" + store + "'; use local or s3");
            }
            if ("s3".equals(store) && (s3.bucket() == null || s3.bucket().isBlank())) {
                throw new IllegalArgumentException("parley.blobs.store is s3 but parley.blobs.s3.bucket is not set");
            }
        }
    }

    public record S3(
            String endpoint,
            @DefaultValue("us-east-1") String region,
            String bucket,
            @DefaultValue("") String prefix,
            String accessKey,
            String secretKey,
            @DefaultValue("false") boolean pathStyle) {}
}
