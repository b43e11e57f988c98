package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.ChatKind;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Visibility;
import dev.parley.core.message.AppendRefused;
import dev.parley.core.message.AppendRefused.Reason;
import dev.parley.core.message.Appended;
import dev.parley.core.message.Change;
import dev.parley.core.message.HistoryPage;
import dev.parley.core.message.HistoryQuery;
import dev.parley.core.message.Message;
import dev.parley.core.message.MessageStore;
import dev.parley.core.message.NewMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

public final class JdbcMessageStore implements MessageStore {

    static final String MESSAGE_COLUMNS = "m.id, m.chat_id, m.seq, m.author_id, m.client_msg_id, m.text, m.reply_to,"
            + " m.created_at, m.edited_at, m.deleted_at, u.username, u.display_name";
    private static final String SELECT =
            "SELECT " + MESSAGE_COLUMNS + " FROM messages m JOIN users u ON u.id = m.author_id";
    static final String BY_CLIENT_MSG_ID = SELECT + " WHERE m.author_id = ? AND m.client_msg_id = ?";

    /** A page of history: parameters chat id, before, after, limit. */
    static String historySql(boolean newestFirst) {
        return SELECT + " WHERE m.chat_id = ? AND m.seq < ? AND m.seq > ? ORDER BY m.seq "
                + (newestFirst ? "DESC" : "ASC") + " LIMIT ?";
    }

    private final Database db;
    private final Clock clock;

    public JdbcMessageStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Appended append(NewMessage nm) {
        try {
            return db.write(c -> append(c, nm));
        } catch (DuplicateKeyException e) {
            return original(nm, e);
        }
    }

    /** Queued by chat, so a chat's appends keep their order. */
    @Override
    public CompletionStage<Appended> appendQueued(NewMessage nm) {
        return db.writeQueued(nm.chatId(), c -> append(c, nm)).exceptionally(error -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof DuplicateKeyException duplicate) {
                return original(nm, duplicate);
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
    }

    /**
     * Three statements in the common case: take the seq (only as a member), insert the message
     * (answering its id and author), record the event. A retry's insert finds the author's
     * clientMsgId taken: the seq goes back and the original is the answer.
     */
    private Appended append(Connection c, NewMessage nm) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as stored
        Optional<Long> taken = EventLog.nextSeqOfMember(c, nm.chatId(), nm.authorId(), now);
        if (taken.isEmpty()) {
            Optional<Message> original = byClientMsgId(c, nm.authorId(), nm.clientMsgId());
            if (original.isPresent()) {
                return new Appended(original.get(), null); // a retry, from one who left since
            }
            throw new AppendRefused(visibleGroup(c, nm.chatId()) ? Reason.NOT_A_MEMBER : Reason.CHAT_NOT_VISIBLE);
        }
        long seq = taken.get();
        if (nm.replyTo() != null
                && Jdbc.one(
                                c,
                                "SELECT id FROM messages WHERE id = ? AND chat_id = ?",
                                rs -> 1,
                                nm.replyTo(),
                                nm.chatId())
                        .isEmpty()) {
            throw new AppendRefused(Reason.UNKNOWN_REPLY); // the seq taken above rolls back with it
        }
        Optional<Message> inserted = Jdbc.one(
                c,
                "INSERT INTO messages (chat_id, seq, author_id, client_msg_id, text, reply_to, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (author_id, client_msg_id) DO NOTHING"
                        + " RETURNING id, (SELECT username FROM users WHERE id = author_id),"
                        + " (SELECT display_name FROM users WHERE id = author_id)",
                rs -> new Message(
                        rs.getLong(1),
                        nm.chatId(),
                        seq,
                        new UserRef(nm.authorId(), rs.getString(2), rs.getString(3)),
                        nm.clientMsgId(),
                        nm.text(),
                        nm.replyTo(),
                        now,
                        null,
                        null),
                nm.chatId(),
                seq,
                nm.authorId(),
                nm.clientMsgId(),
                nm.text(),
                nm.replyTo(),
                now);
        if (inserted.isEmpty()) {
            EventLog.giveBack(c, nm.chatId());
            return new Appended(
                    byClientMsgId(c, nm.authorId(), nm.clientMsgId()).orElseThrow(), null);
        }
        ChatEvent event = EventLog.record(
                c,
                new ChatEvent(
                        nm.chatId(),
                        seq,
                        EventKind.MESSAGE_CREATED,
                        nm.authorId(),
                        inserted.get().id(),
                        null,
                        null,
                        now));
        return new Appended(inserted.get(), event);
    }

    private static boolean visibleGroup(Connection c, long chatId) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT id FROM chats WHERE id = ? AND kind = ? AND visibility = ?",
                        rs -> 1,
                        chatId,
                        ChatKind.GROUP,
                        Visibility.PUBLIC)
                .isPresent();
    }

    /** A concurrent retry with the same clientMsgId committed first: the answer is its message. */
    private Appended original(NewMessage nm, DuplicateKeyException e) {
        return db.read(c -> byClientMsgId(c, nm.authorId(), nm.clientMsgId()))
                .map(m -> new Appended(m, null))
                .orElseThrow(() -> e);
    }

    @Override
    public Optional<Message> find(long messageId) {
        return db.read(c -> byId(c, messageId));
    }

    @Override
    public Optional<Change> edit(long messageId, String text, long actorId) {
        return change(messageId, actorId, EventKind.MESSAGE_EDITED, "text = ?, edited_at = ?", text);
    }

    @Override
    public Optional<Change> delete(long messageId, long actorId) {
        return change(messageId, actorId, EventKind.MESSAGE_DELETED, "text = NULL, deleted_at = ?");
    }

    private Optional<Change> change(
            long messageId, long actorId, EventKind kind, String assignments, Object... values) {
        return db.write(c -> {
            Optional<Message> live = byId(c, messageId).filter(m -> !m.deleted());
            if (live.isEmpty()) {
                return Optional.empty();
            }
            long chatId = live.get().chatId();
            Instant now = clock.instant();
            long seq = EventLog.nextSeq(c, chatId, null);
            Object[] params = new Object[values.length + 2];
            System.arraycopy(values, 0, params, 0, values.length);
            params[values.length] = now;
            params[values.length + 1] = messageId;
            Jdbc.update(c, "UPDATE messages SET " + assignments + " WHERE id = ?", params);
            ChatEvent event = EventLog.record(c, new ChatEvent(chatId, seq, kind, actorId, messageId, null, null, now));
            return Optional.of(new Change(byId(c, messageId).orElseThrow(), event));
        });
    }

    @Override
    public HistoryPage history(long chatId, HistoryQuery q) {
        List<Message> rows = db.read(c -> Jdbc.list(
                c,
                historySql(q.newestFirst()),
                JdbcMessageStore::message,
                chatId,
                q.before(),
                q.after(),
                q.limit() + 1));
        boolean more = rows.size() > q.limit();
        return new HistoryPage(more ? List.copyOf(rows.subList(0, q.limit())) : rows, more);
    }

    @Override
    public List<Message> search(long userId, String query, Long chatId, int limit) {
        Dialect dialect = db.dialect();
        return db.read(c -> Jdbc.list(
                c,
                dialect.searchMessagesSql(MESSAGE_COLUMNS),
                JdbcMessageStore::message,
                userId,
                dialect.fullTextQuery(query),
                chatId,
                chatId,
                limit));
    }

    private static Optional<Message> byId(Connection c, long id) throws SQLException {
        return Jdbc.one(c, SELECT + " WHERE m.id = ?", JdbcMessageStore::message, id);
    }

    private static Optional<Message> byClientMsgId(Connection c, long authorId, String clientMsgId)
            throws SQLException {
        return Jdbc.one(c, BY_CLIENT_MSG_ID, JdbcMessageStore::message, authorId, clientMsgId);
    }

    static Message message(ResultSet rs) throws SQLException {
        return new Message(
                rs.getLong("id"),
                rs.getLong("chat_id"),
                rs.getLong("seq"),
                new UserRef(rs.getLong("author_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("client_msg_id"),
                rs.getString("text"),
                Jdbc.nullableLong(rs, "reply_to"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "edited_at"),
                Jdbc.instant(rs, "deleted_at"));
    }
}
