package dev.parley.server.store;

import java.sql.SQLException;

/** The few places where SQLite and PostgreSQL SQL differ. */
public interface Dialect {

    /** Folder of this dialect's Flyway migrations. */
    String migrations();

    boolean isUniqueViolation(SQLException e);

    /**
     * Whether a {@code WITH} clause may hold {@code INSERT} and {@code DELETE} (data-modifying common
     * table expressions), so that a check, its writes and the reads after them go to the database as
     * one statement: one round trip where the database is a server, not a library in the process.
     */
    boolean writesInWith();

    /**
     * Full-text search of live messages in the caller's chats. Parameters, in order: the user id,
     * the query (as {@link #fullTextQuery} made it), the chat id or null, the limit. Selects the
     * columns of {@code JdbcMessageStore.MESSAGE_COLUMNS} from messages {@code m} joined with users
     * {@code u}.
     */
    String searchMessagesSql(String messageColumns);

    /** Turns user words into this dialect's full-text query, treating every word as a literal. */
    String fullTextQuery(String words);
}
