package dev.parley.server.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection that keeps its prepared statements: preparing SQL it prepared before returns that
 * statement (the driver parses and plans it once), and closing a statement puts it back. For the
 * long-lived writer connections, whose handful of statements run thousands of times a second (a
 * SQLite prepare cost more than the statement's own work). A statement prepared again while still
 * in use is a fresh one. Statements close with the connection. Like a connection, not thread-safe.
 */
final class StatementCache implements InvocationHandler {

    private final Connection target;
    private final Map<String, PreparedStatement> idle = new HashMap<>();

    private StatementCache(Connection target) {
        this.target = target;
    }

    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new StatementCache(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            String sql = (String) args[0];
            PreparedStatement statement = idle.remove(sql);
            if (statement == null || statement.isClosed()) {
                statement = target.prepareStatement(sql);
            }
            return lent(sql, statement);
        }
        if (method.getName().equals("close")) {
            for (PreparedStatement statement : idle.values()) {
                closeQuietly(statement);
            }
            idle.clear();
        }
        return call(target, method, args);
    }

    /** The statement as its user sees it: closing it gives it back (or closes it when one is back already). */
    private PreparedStatement lent(String sql, PreparedStatement statement) {
        return (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        if (!statement.isClosed() && !idle.containsKey(sql)) {
                            statement.clearParameters();
                            idle.put(sql, statement);
                        } else {
                            statement.close();
                        }
                        return null;
                    }
                    return call(statement, method, args);
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the connection is closing anyway
        }
    }
}
