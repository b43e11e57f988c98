package dev.parley.server.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * What the nodes of a test cluster share: a PostgreSQL schema of their own (dropped at the end), a
 * Redis namespace of their own, one signing key; and the settings every test node gets.
 */
record ClusterServices(String schema, String namespace, String secret) {

    static ClusterServices create() throws SQLException {
        ClusterServices s = new ClusterServices(
                "cl_" + UUID.randomUUID().toString().replace("-", ""),
                TestRedis.namespace(),
                Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes()));
        TestPostgres.execute("CREATE SCHEMA " + s.schema);
        return s;
    }

    /** The settings of node {@code name} reaching Redis at {@code redisUrl}, data in {@code dataDir}. */
    List<String> nodeArgs(String name, String dataDir, String redisUrl) {
        String url = TestPostgres.URL + (TestPostgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new ArrayList<>(List.of(
                "--parley.node-id=" + name,
                "--parley.data-dir=" + dataDir,
                "--parley.db.url=" + url,
                "--parley.db.user=" + TestPostgres.USER,
                "--parley.db.password=" + TestPostgres.PASSWORD,
                "--parley.db.pool-size=6",
                "--parley.redis.url=" + redisUrl,
                "--parley.redis.namespace=" + namespace,
                "--parley.auth.jwt-secret=" + secret,
                "--parley.auth.bcrypt-cost=4",
                "--parley.realtime.commands-per-second=1000",
                "--parley.realtime.command-burst=1000",
                // the tests' users all come from one address and write as fast as they can
                "--parley.auth.registrations-per-address=1000000/1m",
                "--parley.auth.login-attempts-per-address=1000000/1m",
                "--parley.auth.refreshes-per-address=1000000/1m",
                "--parley.limits.writes-per-second=1000000",
                "--parley.limits.write-burst=1000000",
                "--parley.store-threads=16"));
    }

    void drop() throws SQLException {
        TestPostgres.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
