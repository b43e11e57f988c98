package dev.parley.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection, run inside a transaction the {@link Database} owns. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
