package dev.parley.server.store;

import java.sql.SQLException;

final class PostgresDialect implements Dialect {

    @Override
    public String migrations() {
        return "classpath:db/migration/postgresql";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public boolean writesInWith() {
        return true;
    }

    @Override
    public String searchMessagesSql(String columns) {
        return "SELECT " + columns + " FROM messages m"
                + " JOIN chat_members cm ON cm.chat_id = m.chat_id AND cm.user_id = ?"
                + " JOIN users u ON u.id = m.author_id"
                + " WHERE m.tsv @@ plainto_tsquery('simple', ?) AND (CAST(? AS BIGINT) IS NULL OR m.chat_id = ?)"
                + " AND m.deleted_at IS NULL"
                + " ORDER BY m.id DESC LIMIT ?";
    }

    @Override
    public String fullTextQuery(String words) {
        return words.strip();
    }
}
