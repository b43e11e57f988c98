package dev.parley.server.store;

import dev.parley.core.chat.ChatEvent;
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

    /** Takes the chat's next seq for a message of {@code authorId}; empty, taking nothing, when the author is not a member. */
    static Optional<Long> nextSeqOfMember(Connection c, long chatId, long authorId, Instant activityAt)
            throws SQLException {
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

    static ChatEvent record(Connection c, ChatEvent e) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO chat_events (chat_id, seq, kind, actor_id, message_id, user_id, role, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                e.chatId(),
                e.seq(),
                e.kind(),
                e.actorId(),
                e.messageId(),
                e.userId(),
                e.role() == null ? null : e.role().name().toLowerCase(java.util.Locale.ROOT),
                e.at());
        return e;
    }
}
