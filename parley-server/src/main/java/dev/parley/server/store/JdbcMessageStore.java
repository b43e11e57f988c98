package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.ChatKind;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Visibility;
import dev.parley.core.message.AppendRefused;
import dev.parley.core.message.AppendRefused.Reason;
import dev.parley.core.message.Appended;
import dev.parley.core.message.Attachment;
import dev.parley.core.message.Change;
import dev.parley.core.message.HistoryPage;
import dev.parley.core.message.HistoryQuery;
import dev.parley.core.message.Message;
import dev.parley.core.message.MessageStore;
import dev.parley.core.message.NewMessage;
import dev.parley.core.message.Reacted;
import dev.parley.core.message.Reaction;
import dev.parley.core.message.ReactionRefused;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final JdbcAttachments attachments;

    public JdbcMessageStore(Database db, Clock clock) {
        this.db = db;
        this.attachments = new JdbcAttachments(db);
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
        List<Attachment> files;
        try {
            files = JdbcAttachments.named(c, nm);
        } catch (AppendRefused refused) {
            // a retry of a message sent before, whose files were removed or erased since
            Optional<Message> original = byClientMsgId(c, nm.authorId(), nm.clientMsgId());
            if (original.isEmpty()) {
                throw refused;
            }
            EventLog.giveBack(c, nm.chatId());
            return new Appended(original.get(), null);
        }
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
                "INSERT INTO messages (chat_id, seq, author_id, client_msg_id, text, reply_to, created_at, file_words)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (author_id, client_msg_id) DO NOTHING"
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
                now,
                JdbcAttachments.words(files));
        if (inserted.isEmpty()) {
            EventLog.giveBack(c, nm.chatId());
            return new Appended(
                    byClientMsgId(c, nm.authorId(), nm.clientMsgId()).orElseThrow(), null);
        }
        long messageId = inserted.get().id();
        JdbcAttachments.take(c, messageId, files);
        ChatEvent.OfMessage event = EventLog.record(
                c, new ChatEvent.OfMessage(nm.chatId(), seq, EventKind.MESSAGE_CREATED, nm.authorId(), messageId, now));
        return new Appended(inserted.get().withAttachments(files), event);
    }

    @Override
    public boolean addUpload(long chatId, long uploaderId, Attachment a, Instant at, int maxUnsent) {
        return attachments.addUpload(chatId, uploaderId, a, at, maxUnsent);
    }

    @Override
    public int unsentUploads(long uploaderId) {
        return attachments.unsent(uploaderId);
    }

    @Override
    public Optional<Placed> attachment(String id) {
        return attachments.find(id);
    }

    @Override
    public List<Attachment> removeUnusedUploads(Instant before, int limit) {
        return attachments.removeUnused(before, limit);
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
    public Optional<Change> edit(long messageId, String text, long actorId, java.util.Set<String> removeAttachments) {
        return change(messageId, actorId, EventKind.MESSAGE_EDITED, removeAttachments, "text = ?, edited_at = ?", text);
    }

    @Override
    public Optional<Change> delete(long messageId, long actorId) {
        return change(messageId, actorId, EventKind.MESSAGE_DELETED, java.util.Set.of(), "text = NULL, deleted_at = ?");
    }

    private Optional<Change> change(
            long messageId,
            long actorId,
            EventKind kind,
            java.util.Set<String> removeAttachments,
            String assignments,
            Object... values) {
        return db.write(c -> {
            Optional<Long> chat =
                    Jdbc.one(c, "SELECT chat_id FROM messages WHERE id = ?", rs -> rs.getLong(1), messageId);
            if (chat.isEmpty()) {
                return Optional.empty();
            }
            long chatId = chat.get();
            Instant now = clock.instant();
            // the seq first: it locks the chat's row, so the message read next is not changed by a
            // concurrent edit or delete (each takes the seq too) before this change is recorded
            long seq = EventLog.nextSeq(c, chatId, null);
            Optional<Message> live = byId(c, messageId).filter(m -> !m.deleted());
            if (live.isEmpty()) {
                EventLog.giveBack(c, chatId);
                return Optional.empty();
            }
            Object[] params = new Object[values.length + 2];
            System.arraycopy(values, 0, params, 0, values.length);
            params[values.length] = now;
            params[values.length + 1] = messageId;
            Jdbc.update(c, "UPDATE messages SET " + assignments + " WHERE id = ?", params);
            boolean deleting = kind == EventKind.MESSAGE_DELETED;
            if (deleting) {
                Jdbc.update(c, "DELETE FROM message_reactions WHERE message_id = ?", messageId);
            }
            // a deletion takes all its files, an edit those it names
            List<Attachment> erased = JdbcAttachments.remove(
                    c, live.get(), deleting ? a -> true : a -> removeAttachments.contains(a.id()));
            ChatEvent.OfMessage event =
                    EventLog.record(c, new ChatEvent.OfMessage(chatId, seq, kind, actorId, messageId, now));
            return Optional.of(new Change(byId(c, messageId).orElseThrow(), event, erased));
        });
    }

    /**
     * Five statements for a change: take the seq (as a member; this locks the chat's row, so what
     * follows sees no concurrent change of the chat), check the message is live and the emoji
     * fits, write, count. Doing what is already so gives the seq back.
     */
    @Override
    public Reacted react(long chatId, long messageId, long userId, String emoji, boolean add) {
        return db.write(c -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            long seq = EventLog.nextSeqOfMember(c, chatId, userId, null)
                    .orElseThrow(() -> new ReactionRefused(ReactionRefused.Reason.NOT_A_MEMBER));
            boolean live = Jdbc.one(
                            c,
                            "SELECT id FROM messages WHERE id = ? AND chat_id = ? AND deleted_at IS NULL",
                            rs -> 1,
                            messageId,
                            chatId)
                    .isPresent();
            if (!live) {
                throw new ReactionRefused(ReactionRefused.Reason.NO_LIVE_MESSAGE);
            }
            int changed;
            if (add) {
                long[] emojis = Jdbc.one(
                                c,
                                "SELECT count(DISTINCT emoji), count(CASE WHEN emoji = ? THEN 1 END)"
                                        + " FROM message_reactions WHERE message_id = ?",
                                rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                                emoji,
                                messageId)
                        .orElseThrow();
                if (emojis[1] == 0 && emojis[0] >= REACTIONS_MAX) {
                    throw new ReactionRefused(ReactionRefused.Reason.TOO_MANY);
                }
                changed = Jdbc.update(
                        c,
                        "INSERT INTO message_reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (message_id, emoji, user_id) DO NOTHING",
                        messageId,
                        emoji,
                        userId,
                        now);
            } else {
                changed = Jdbc.update(
                        c,
                        "DELETE FROM message_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?",
                        messageId,
                        emoji,
                        userId);
            }
            int count = (int) Jdbc.oneLong(
                    c, "SELECT count(*) FROM message_reactions WHERE message_id = ? AND emoji = ?", messageId, emoji);
            if (changed == 0) {
                EventLog.giveBack(c, chatId);
                return new Reacted(count, Optional.empty());
            }
            EventKind kind = add ? EventKind.REACTION_ADDED : EventKind.REACTION_REMOVED;
            return new Reacted(
                    count,
                    Optional.of(EventLog.record(
                            c, new ChatEvent.OfReaction(chatId, seq, kind, userId, messageId, emoji, count, now))));
        });
    }

    @Override
    public Map<Long, List<Reaction>> reactions(Collection<Long> messageIds, long viewerId) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(messageIds.size(), "?"));
        Object[] params = new Object[messageIds.size() + 1];
        params[0] = viewerId;
        System.arraycopy(messageIds.toArray(), 0, params, 1, messageIds.size());
        Map<Long, List<Reaction>> byMessage = new HashMap<>();
        db.read(c -> Jdbc.list(
                c,
                "SELECT message_id, emoji, count(*), max(CASE WHEN user_id = ? THEN 1 ELSE 0 END)"
                        + " FROM message_reactions WHERE message_id IN (" + marks + ")"
                        + " GROUP BY message_id, emoji ORDER BY message_id, min(created_at), emoji",
                rs -> byMessage
                        .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Reaction(rs.getString(2), rs.getInt(3), rs.getInt(4) == 1)),
                params));
        return byMessage;
    }

    @Override
    public HistoryPage history(long chatId, HistoryQuery q) {
        List<Message> rows = db.read(c -> JdbcAttachments.of(
                c,
                Jdbc.list(
                        c,
                        historySql(q.newestFirst()),
                        JdbcMessageStore::message,
                        chatId,
                        q.before(),
                        q.after(),
                        q.limit() + 1)));
        boolean more = rows.size() > q.limit();
        return new HistoryPage(more ? List.copyOf(rows.subList(0, q.limit())) : rows, more);
    }

    @Override
    public List<Message> search(long userId, String query, Long chatId, int limit) {
        Dialect dialect = db.dialect();
        return db.read(c -> JdbcAttachments.of(
                c,
                Jdbc.list(
                        c,
                        dialect.searchMessagesSql(MESSAGE_COLUMNS),
                        JdbcMessageStore::message,
                        userId,
                        dialect.fullTextQuery(query),
                        chatId,
                        chatId,
                        limit)));
    }

    private static Optional<Message> byId(Connection c, long id) throws SQLException {
        return JdbcAttachments.of(c, Jdbc.one(c, SELECT + " WHERE m.id = ?", JdbcMessageStore::message, id));
    }

    private static Optional<Message> byClientMsgId(Connection c, long authorId, String clientMsgId)
            throws SQLException {
        return JdbcAttachments.of(c, Jdbc.one(c, BY_CLIENT_MSG_ID, JdbcMessageStore::message, authorId, clientMsgId));
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
