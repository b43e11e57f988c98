package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Role;
import dev.parley.core.delivery.StreamEntry;
import dev.parley.core.delivery.StreamStore;
import dev.parley.core.message.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class JdbcStreamStore implements StreamStore {

    static final String AFTER_SQL =
            "SELECT e.chat_id AS e_chat_id, e.seq AS e_seq, e.kind AS e_kind, e.actor_id AS e_actor_id,"
                    + " e.message_id AS e_message_id, e.user_id AS e_user_id, e.role AS e_role, e.emoji AS e_emoji,"
                    + " e.reaction_count AS e_reaction_count, e.created_at AS e_created_at,"
                    + " m.id, m.chat_id, m.seq, m.author_id, m.client_msg_id, m.text, m.reply_to, m.created_at, m.edited_at,"
                    + " m.deleted_at, u.username, u.display_name,"
                    + " s.username AS s_username, s.display_name AS s_display_name"
                    + " FROM chat_events e"
                    // a reaction event shows no message: it carries all its frame says
                    + " LEFT JOIN messages m ON m.id = e.message_id AND e.emoji IS NULL"
                    + " LEFT JOIN users u ON u.id = m.author_id"
                    + " LEFT JOIN users s ON s.id = e.user_id"
                    + " WHERE e.chat_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?";

    private final Database db;

    public JdbcStreamStore(Database db) {
        this.db = db;
    }

    @Override
    public List<StreamEntry> after(long chatId, long afterSeq, int limit) {
        return db.read(c -> {
            List<StreamEntry> entries = Jdbc.list(c, AFTER_SQL, JdbcStreamStore::entry, chatId, afterSeq, limit);
            List<Message> shown = entries.stream()
                    .map(StreamEntry::message)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            Map<Long, Message> withFiles = new HashMap<>();
            for (Message m : JdbcAttachments.of(c, shown)) {
                withFiles.put(m.id(), m);
            }
            return entries.stream()
                    .map(e -> e.message() == null
                            ? e
                            : new StreamEntry(
                                    e.event(), withFiles.get(e.message().id()), e.subject()))
                    .toList();
        });
    }

    @Override
    public Map<Long, Long> positions(long userId) {
        return db.read(c -> {
            Map<Long, Long> positions = new LinkedHashMap<>();
            for (long[] row : Jdbc.list(
                    c,
                    "SELECT c.id, c.last_seq FROM chat_members m JOIN chats c ON c.id = m.chat_id WHERE m.user_id = ?",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                    userId)) {
                positions.put(row[0], row[1]);
            }
            return positions;
        });
    }

    /** Chats per query of {@link #lastSeqs}: bound parameters stay well under both databases' limits. */
    private static final int CHUNK = 500;

    @Override
    public Map<Long, Long> lastSeqs(Collection<Long> chatIds) {
        if (chatIds.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = new ArrayList<>(chatIds);
        return db.read(c -> {
            Map<Long, Long> last = new HashMap<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                String sql = "SELECT id, last_seq FROM chats WHERE id IN ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
                for (long[] row : Jdbc.list(c, sql, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, chunk.toArray())) {
                    last.put(row[0], row[1]);
                }
            }
            return last;
        });
    }

    @Override
    public Set<Long> contacts(long userId, int maxMembers) {
        return db.read(c -> new HashSet<>(Jdbc.list(
                c,
                "SELECT DISTINCT o.user_id FROM chat_members m"
                        + " JOIN chats c ON c.id = m.chat_id AND c.member_count <= ?"
                        + " JOIN chat_members o ON o.chat_id = m.chat_id AND o.user_id <> m.user_id"
                        + " WHERE m.user_id = ?",
                rs -> rs.getLong(1),
                maxMembers,
                userId)));
    }

    private static StreamEntry entry(ResultSet rs) throws SQLException {
        long chatId = rs.getLong("e_chat_id");
        long seq = rs.getLong("e_seq");
        EventKind kind = Jdbc.enumValue(EventKind.class, rs.getString("e_kind"));
        long actorId = rs.getLong("e_actor_id");
        Instant at = Jdbc.instant(rs, "e_created_at");
        return switch (kind.family()) {
            case MESSAGE ->
                new StreamEntry(
                        new ChatEvent.OfMessage(chatId, seq, kind, actorId, rs.getLong("e_message_id"), at),
                        JdbcMessageStore.message(rs),
                        null);
            case MEMBER -> {
                long userId = rs.getLong("e_user_id");
                yield new StreamEntry(
                        new ChatEvent.OfMember(
                                chatId,
                                seq,
                                kind,
                                actorId,
                                userId,
                                Jdbc.enumValue(Role.class, rs.getString("e_role")),
                                at),
                        null,
                        new UserRef(userId, rs.getString("s_username"), rs.getString("s_display_name")));
            }
            case REACTION ->
                new StreamEntry(
                        new ChatEvent.OfReaction(
                                chatId,
                                seq,
                                kind,
                                actorId,
                                rs.getLong("e_message_id"),
                                rs.getString("e_emoji"),
                                rs.getInt("e_reaction_count"),
                                at),
                        null,
                        null);
        };
    }
}
