package dev.parley.server.store;

import java.sql.SQLException;

/** The few places where SQLite and PostgreSQL SQL differ. */
public interface Dialect {

    /** Folder of this dialect's Flyway migrations. */
    String migrations();

    boolean isUniqueViolation(SQLException e);

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
