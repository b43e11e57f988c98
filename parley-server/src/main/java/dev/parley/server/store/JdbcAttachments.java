package dev.parley.server.store;

import dev.parley.core.message.AppendRefused;
import dev.parley.core.message.Attachment;
import dev.parley.core.message.Message;
import dev.parley.core.message.MessageStore;
import dev.parley.core.message.NewMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The attachments part of {@link JdbcMessageStore}: uploads waiting for a message, the message
 * taking them in its own transaction, reading them with their messages, removing them (and their
 * names from search) with an edit or a deletion, and sweeping unused ones.
 */
final class JdbcAttachments {

    static final String COLUMNS = "id, kind, name, content_type, size, width, height, format";

    private final Database db;

    JdbcAttachments(Database db) {
        this.db = db;
    }

    /** Counted and written in one transaction: on SQLite's one writer, the limit is exact. */
    boolean addUpload(long chatId, long uploaderId, Attachment a, Instant at, int maxUnsent) {
        return db.write(c -> {
            if (unsent(c, uploaderId) >= maxUnsent) {
                return false;
            }
            Jdbc.update(
                    c,
                    "INSERT INTO attachments (id, chat_id, uploader_id, kind, name, content_type, size, width, height,"
                            + " format, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.id(),
                    chatId,
                    uploaderId,
                    a.kind(),
                    a.name(),
                    a.contentType(),
                    a.size(),
                    a.width(),
                    a.height(),
                    a.format(),
                    at);
            return true;
        });
    }

    int unsent(long uploaderId) {
        return db.read(c -> unsent(c, uploaderId));
    }

    private static int unsent(Connection c, long uploaderId) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT COUNT(*) AS n FROM attachments WHERE uploader_id = ? AND message_id IS NULL",
                        rs -> rs.getInt("n"),
                        uploaderId)
                .orElse(0);
    }

    Optional<MessageStore.Placed> find(String id) {
        return db.read(c -> Jdbc.one(
                c,
                "SELECT chat_id, uploader_id, message_id, " + COLUMNS + " FROM attachments WHERE id = ?",
                rs -> new MessageStore.Placed(
                        attachment(rs),
                        rs.getLong("chat_id"),
                        rs.getLong("uploader_id"),
                        Jdbc.nullableLong(rs, "message_id")),
                id));
    }

    List<Attachment> removeUnused(Instant before, int limit) {
        return db.write(c -> {
            List<Attachment> unused = Jdbc.list(
                    c,
                    "SELECT " + COLUMNS + " FROM attachments WHERE message_id IS NULL AND created_at < ?"
                            + " ORDER BY created_at LIMIT ?",
                    JdbcAttachments::attachment,
                    before,
                    limit);
            // only those this transaction removed: a message may take one after the SELECT
            List<Attachment> removed = new ArrayList<>();
            for (Attachment a : unused) {
                if (Jdbc.update(c, "DELETE FROM attachments WHERE id = ? AND message_id IS NULL", a.id()) == 1) {
                    removed.add(a);
                }
            }
            return removed;
        });
    }

    /**
     * The uploads a new message names, in its order: the author's, into the chat (whether a message
     * took them is checked as the message takes them, after a retry was recognised).
     */
    static List<Attachment> named(Connection c, NewMessage nm) throws SQLException {
        if (nm.attachmentIds().isEmpty()) {
            return List.of();
        }
        Object[] params = new Object[nm.attachmentIds().size() + 2];
        params[0] = nm.chatId();
        params[1] = nm.authorId();
        System.arraycopy(
                nm.attachmentIds().toArray(), 0, params, 2, nm.attachmentIds().size());
        Map<String, Attachment> found = new HashMap<>();
        for (Attachment a : Jdbc.list(
                c,
                "SELECT " + COLUMNS + " FROM attachments WHERE chat_id = ? AND uploader_id = ? AND id IN ("
                        + marks(nm.attachmentIds().size()) + ")",
                JdbcAttachments::attachment,
                params)) {
            found.put(a.id(), a);
        }
        List<Attachment> files = new ArrayList<>();
        for (String id : nm.attachmentIds()) {
            Attachment a = found.get(id);
            if (a == null) {
                throw new AppendRefused(AppendRefused.Reason.UNKNOWN_ATTACHMENT);
            }
            files.add(a);
        }
        return files;
    }

    /** The new message takes its files, in order; one another message took meanwhile refuses it. */
    static void take(Connection c, long messageId, List<Attachment> files) throws SQLException {
        for (int i = 0; i < files.size(); i++) {
            if (Jdbc.update(
                            c,
                            "UPDATE attachments SET message_id = ?, position = ? WHERE id = ? AND message_id IS NULL",
                            messageId,
                            i,
                            files.get(i).id())
                    != 1) {
                throw new AppendRefused(AppendRefused.Reason.UNKNOWN_ATTACHMENT);
            }
        }
    }

    /**
     * Removes the message's files that {@code which} picks, and their names from search; answers
     * them (their blobs are the caller's to erase).
     */
    static List<Attachment> remove(Connection c, Message message, Predicate<Attachment> which) throws SQLException {
        List<Attachment> removed = message.attachments().stream().filter(which).toList();
        if (removed.isEmpty()) {
            return removed;
        }
        for (Attachment a : removed) {
            Jdbc.update(c, "DELETE FROM attachments WHERE id = ? AND message_id = ?", a.id(), message.id());
        }
        List<Attachment> kept =
                message.attachments().stream().filter(which.negate()).toList();
        Jdbc.update(c, "UPDATE messages SET file_words = ? WHERE id = ?", words(kept), message.id());
        return removed;
    }

    /** The words of the files' names, for search: split at whatever is not a letter or digit; null for none. */
    static String words(List<Attachment> files) {
        if (files.isEmpty()) {
            return null;
        }
        return files.stream()
                .map(a -> a.name().replaceAll("[^\\p{L}\\p{N}]+", " ").strip())
                .collect(Collectors.joining(" "));
    }

    /** The messages with their attachments, read for all of them at once. */
    static List<Message> of(Connection c, List<Message> messages) throws SQLException {
        List<Long> ids =
                messages.stream().filter(m -> !m.deleted()).map(Message::id).toList();
        if (ids.isEmpty()) {
            return messages;
        }
        Map<Long, List<Attachment>> byMessage = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            Jdbc.list(
                    c,
                    "SELECT message_id, " + COLUMNS + " FROM attachments WHERE message_id IN (" + marks(chunk.size())
                            + ") ORDER BY message_id, position",
                    rs -> byMessage
                            .computeIfAbsent(rs.getLong("message_id"), k -> new ArrayList<>())
                            .add(attachment(rs)),
                    chunk.toArray());
        }
        if (byMessage.isEmpty()) {
            return messages;
        }
        return messages.stream()
                .map(m -> byMessage.containsKey(m.id()) ? m.withAttachments(byMessage.get(m.id())) : m)
                .toList();
    }

    static Optional<Message> of(Connection c, Optional<Message> message) throws SQLException {
        return message.isEmpty()
                ? message
                : Optional.of(of(c, List.of(message.get())).get(0));
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static Attachment attachment(ResultSet rs) throws SQLException {
        int width = rs.getInt("width");
        Integer w = rs.wasNull() ? null : width;
        int height = rs.getInt("height");
        Integer h = rs.wasNull() ? null : height;
        return new Attachment(
                rs.getString("id"),
                Jdbc.enumValue(Attachment.Kind.class, rs.getString("kind")),
                rs.getString("name"),
                rs.getString("content_type"),
                rs.getLong("size"),
                w,
                h,
                rs.getString("format"));
    }
}
