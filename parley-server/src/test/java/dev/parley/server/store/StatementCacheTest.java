package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {

    private final List<PreparedStatement> prepared = new ArrayList<>();
    private Connection raw;
    private Connection cached;

    @BeforeEach
    void open() throws SQLException {
        raw = DriverManager.getConnection("jdbc:sqlite::memory:");
        raw.createStatement().execute("CREATE TABLE t (v INTEGER)");
        cached = StatementCache.wrap(countingPrepares(raw));
    }

    @AfterEach
    void close() throws SQLException {
        cached.close();
    }

    @Test
    void aStatementClosedAndPreparedAgainIsTheSameOneWithFreshParameters() throws SQLException {
        insert(1);
        insert(2);
        insert(3);

        assertThat(prepared).hasSize(1);
        try (PreparedStatement count = cached.prepareStatement("SELECT count(*), sum(v) FROM t");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
            assertThat(rs.getInt(2)).isEqualTo(6);
        }
    }

    @Test
    void aStatementPreparedAgainWhileInUseIsAFreshOne() throws SQLException {
        try (PreparedStatement outer = cached.prepareStatement("INSERT INTO t (v) VALUES (?)");
                PreparedStatement inner = cached.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            outer.setInt(1, 1);
            inner.setInt(1, 2);
            outer.executeUpdate();
            inner.executeUpdate();
        }
        insert(3);

        assertThat(prepared).hasSize(2);
    }

    @Test
    void closingTheConnectionClosesTheStatementsItKept() throws SQLException {
        insert(1);

        cached.close();

        assertThat(prepared)
                .singleElement()
                .satisfies(s -> assertThat(s.isClosed()).isTrue());
    }

    private void insert(int value) throws SQLException {
        try (PreparedStatement insert = cached.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            insert.setInt(1, value);
            insert.executeUpdate();
        }
    }

    private Connection countingPrepares(Connection target) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
                    try {
                        Object result = m.invoke(target, args);
                        if (m.getName().equals("prepareStatement")) {
                            prepared.add((PreparedStatement) result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
