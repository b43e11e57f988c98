package dev.parley.server.store;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

final class SqliteDialect implements Dialect {

    @Override
    public String migrations() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException s
                && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    @Override
    public boolean writesInWith() {
        return false;
    }

    @Override
    public String searchMessagesSql(String columns) {
        return "SELECT " + columns + " FROM messages_fts f"
                + " JOIN messages m ON m.id = f.rowid"
                + " JOIN chat_members cm ON cm.chat_id = m.chat_id AND cm.user_id = ?"
                + " JOIN users u ON u.id = m.author_id"
                + " WHERE messages_fts MATCH ? AND (? IS NULL OR m.chat_id = ?) AND m.deleted_at IS NULL"
                + " ORDER BY m.id DESC LIMIT ?";
    }

    /** Each word becomes a quoted FTS5 string, so operators and quotes in user input are plain text. */
    @Override
    public String fullTextQuery(String words) {
        return Arrays.stream(words.strip().split("\\s+"))
                .map(w -> "\"" + w.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(" "));
    }
}
