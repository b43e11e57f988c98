package dev.parley.server.testing;

import dev.parley.server.store.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL the tests use: {@code PARLEY_TEST_PG_URL} (default the machine's {@code test}
 * database at 127.0.0.1:5432), user {@code PARLEY_TEST_PG_USER} (default postgres), password {@code
 * PARLEY_TEST_PG_PASSWORD}. Each database a test opens lives in a schema of its own, dropped on close.
 */
public final class TestPostgres {

    public static final String URL = env("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("PARLEY_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("PARLEY_TEST_PG_PASSWORD", "");

    private TestPostgres() {}

    /** A migrated database in a fresh schema of its own. */
    public static Fresh freshDatabase() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Fresh(new PostgresDatabase(url, USER, PASSWORD, 10), schema);
    }

    /**
     * Points the server of a Spring test at PostgreSQL, in a schema of its own, {@code name}, made
     * anew: an API test that runs again on PostgreSQL. The schema is left behind for the next run
     * to drop, since the test's server may outlive the class.
     */
    public static void serveFrom(DynamicPropertyRegistry registry, String name) {
        try {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make schema " + name, e);
        }
        registry.add("parley.db.url", () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name);
        registry.add("parley.db.user", () -> USER);
        registry.add("parley.db.password", () -> PASSWORD);
    }

    /** How many rows {@code table} of {@code schema} holds: proof that a server stored there. */
    public static long rows(String schema, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + "." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A database in its own schema; closing it drops the schema. */
    public record Fresh(PostgresDatabase database, String schema) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            database.close();
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static boolean available() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The condition behind {@link RequiresPostgres}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available()) {
                return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
            }
            String message = "PostgreSQL is not reachable at " + URL
                    + "; start it (pg_ctlcluster <version> main start) or set PARLEY_TEST_PG_URL";
            if ("1".equals(System.getenv("PARLEY_REQUIRE_SERVICES"))) {
                throw new IllegalStateException(message + " (PARLEY_REQUIRE_SERVICES=1: required, not skipped)");
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
