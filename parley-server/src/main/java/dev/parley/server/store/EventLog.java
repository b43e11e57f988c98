package dev.parley.server.store;

import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The chat streams' shared mechanism: taking a chat's next seq and recording the event. Both run
 * inside the caller's transaction; the update of the chat row serialises concurrent writers of one
 * chat (a row lock in PostgreSQL, the single writer in SQLite), so seqs are gap-free.
 */
final class EventLog {

    private EventLog() {}

    /** Takes the chat's next seq; a message also moves the chat's last activity time. */
    static long nextSeq(Connection c, long chatId, Instant activityAt) throws SQLException {
        if (activityAt == null) {
            return Jdbc.oneLong(c, "UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", chatId);
        }
        return Jdbc.oneLong(
                c,
                "UPDATE chats SET last_seq = last_seq + 1, last_activity_at = ? WHERE id = ? RETURNING last_seq",
                activityAt,
                chatId);
    }

    /**
     * Takes the chat's next seq for a change by {@code authorId}; empty, taking nothing, when the
     * author is not a member. {@code activityAt} moves the chat's last activity time (a message
     * does); null leaves it.
     */
    static Optional<Long> nextSeqOfMember(Connection c, long chatId, long authorId, Instant activityAt)
            throws SQLException {
        if (activityAt == null) {
            return Jdbc.one(
                    c,
                    "UPDATE chats SET last_seq = last_seq + 1 WHERE id = ?"
                            + " AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = ? AND user_id = ?) RETURNING last_seq",
                    rs -> rs.getLong(1),
                    chatId,
                    chatId,
                    authorId);
        }
        return Jdbc.one(
                c,
                "UPDATE chats SET last_seq = last_seq + 1, last_activity_at = ? WHERE id = ?"
                        + " AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = ? AND user_id = ?) RETURNING last_seq",
                rs -> rs.getLong(1),
                activityAt,
                chatId,
                chatId,
                authorId);
    }

    /** Gives back the seq just taken in this transaction (its event was not recorded after all). */
    static void giveBack(Connection c, long chatId) throws SQLException {
        Jdbc.update(c, "UPDATE chats SET last_seq = last_seq - 1 WHERE id = ?", chatId);
    }

    /** The columns of chat_events that only some families of event fill. */
    private record Columns(Long messageId, Long userId, Role role, String emoji, Integer reactionCount) {}

    static <E extends ChatEvent> E record(Connection c, E e) throws SQLException {
        Columns columns = e.accept(new ChatEvent.Visitor<Columns>() {
            @Override
            public Columns message(ChatEvent.OfMessage m) {
                return new Columns(m.messageId(), null, null, null, null);
            }

            @Override
            public Columns member(ChatEvent.OfMember m) {
                return new Columns(null, m.userId(), m.role(), null, null);
            }

            @Override
            public Columns reaction(ChatEvent.OfReaction r) {
                return new Columns(r.messageId(), null, null, r.emoji(), r.count());
            }
        });
        Jdbc.update(
                c,
                "INSERT INTO chat_events (chat_id, seq, kind, actor_id, message_id, user_id, role, emoji, reaction_count,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.chatId(),
                e.seq(),
                e.kind(),
                e.actorId(),
                columns.messageId(),
                columns.userId(),
                columns.role(),
                columns.emoji(),
                columns.reactionCount(),
                e.at());
        return e;
    }
}
