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
        @DefaultValue("64") int storeThreads) {

    public ParleyProperties {
        if (storeThreads < 1) {
            throw new IllegalArgumentException("parley.store-threads is " + storeThreads + "; it must be at least 1");
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
            @DefaultValue("40") int writeBurst) {

        public Limits {
            if (messageLength < 1) {
                throw new IllegalArgumentException("parley.limits.message-length must be at least 1");
            }
            atLeastOne("parley.limits.writes-per-second", writesPerSecond);
            atLeastOne("parley.limits.write-burst", writeBurst);
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
            @DefaultValue("100") int maxPendingSends) {

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
            atLeastOne("parley.realtime.max-held-events", maxHeldEvents);
            positive("parley.realtime.outbound-queue", outboundQueue);
            positive("parley.realtime.gap-timeout", gapTimeout);
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
}
