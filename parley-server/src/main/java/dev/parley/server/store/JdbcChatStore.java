package dev.parley.server.store;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.ChatKind;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.chat.ChatSummary;
import dev.parley.core.chat.DirectChat;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Member;
import dev.parley.core.chat.Membership;
import dev.parley.core.chat.MessagePreview;
import dev.parley.core.chat.Role;
import dev.parley.core.chat.Visibility;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcChatStore implements ChatStore {

    private static final String CHAT_COLUMNS =
            "c.id, c.kind, c.title, c.visibility, c.last_seq, c.member_count, c.created_at";

    /** One query for the whole chat list: last message, unread count and direct peer come from joins. */
    static final String LIST_SQL = "SELECT " + CHAT_COLUMNS + ", m.role, m.read_seq,"
            + " (SELECT COUNT(*) FROM messages x WHERE x.chat_id = c.id AND x.seq > m.read_seq"
            + "    AND x.author_id <> m.user_id AND x.deleted_at IS NULL) AS unread,"
            + " lm.id AS lm_id, lm.seq AS lm_seq, lm.text AS lm_text, lm.created_at AS lm_created_at,"
            + " lm.deleted_at AS lm_deleted_at, la.id AS la_id, la.username AS la_username, la.display_name AS la_display_name,"
            + " pu.id AS pu_id, pu.username AS pu_username, pu.display_name AS pu_display_name"
            + " FROM chat_members m"
            + " JOIN chats c ON c.id = m.chat_id"
            + " LEFT JOIN messages lm ON lm.chat_id = c.id"
            + "    AND lm.seq = (SELECT MAX(y.seq) FROM messages y WHERE y.chat_id = c.id)"
            + " LEFT JOIN users la ON la.id = lm.author_id"
            + " LEFT JOIN chat_members pm ON c.kind = 'direct' AND pm.chat_id = c.id AND pm.user_id <> m.user_id"
            + " LEFT JOIN users pu ON pu.id = pm.user_id"
            + " WHERE m.user_id = ?"
            + " ORDER BY c.last_activity_at DESC, c.id DESC";

    private final Database db;
    private final Clock clock;

    public JdbcChatStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Chat createGroup(long ownerId, String title, Visibility visibility, Collection<Long> memberIds) {
        return db.write(c -> {
            Instant now = clock.instant();
            long chatId = Jdbc.oneLong(
                    c,
                    "INSERT INTO chats (kind, title, visibility, member_count, last_activity_at, created_at)"
                            + " VALUES ('group', ?, ?, ?, ?, ?) RETURNING id",
                    title,
                    visibility,
                    memberIds.size() + 1,
                    now,
                    now);
            insertMember(c, chatId, ownerId, Role.OWNER, now);
            for (long id : memberIds) {
                insertMember(c, chatId, id, Role.MEMBER, now);
            }
            return chat(c, chatId).orElseThrow();
        });
    }

    @Override
    public DirectChat getOrCreateDirect(long userA, long userB) {
        String key = Math.min(userA, userB) + ":" + Math.max(userA, userB);
        String byKey = "SELECT " + CHAT_COLUMNS + " FROM chats c WHERE c.direct_key = ?";
        Optional<Chat> existing = db.read(c -> Jdbc.one(c, byKey, JdbcChatStore::chat, key));
        if (existing.isPresent()) {
            return new DirectChat(existing.get(), false);
        }
        return db.write(c -> {
            Instant now = clock.instant();
            Optional<Long> created = Jdbc.one(
                    c,
                    "INSERT INTO chats (kind, visibility, direct_key, member_count, last_activity_at, created_at)"
                            + " VALUES ('direct', 'private', ?, 2, ?, ?) ON CONFLICT (direct_key) DO NOTHING RETURNING id",
                    rs -> rs.getLong(1),
                    key,
                    now,
                    now);
            if (created.isPresent()) {
                insertMember(c, created.get(), userA, Role.MEMBER, now);
                insertMember(c, created.get(), userB, Role.MEMBER, now);
            }
            return new DirectChat(Jdbc.one(c, byKey, JdbcChatStore::chat, key).orElseThrow(), created.isPresent());
        });
    }

    @Override
    public Optional<Chat> find(long chatId) {
        return db.read(c -> chat(c, chatId));
    }

    @Override
    public Optional<Membership> membership(long chatId, long userId) {
        return db.read(c -> Jdbc.one(
                c,
                "SELECT " + CHAT_COLUMNS + ", m.role, m.read_seq FROM chats c"
                        + " JOIN chat_members m ON m.chat_id = c.id WHERE c.id = ? AND m.user_id = ?",
                rs -> new Membership(
                        chat(rs), Jdbc.enumValue(Role.class, rs.getString("role")), rs.getLong("read_seq")),
                chatId,
                userId));
    }

    @Override
    public List<Member> members(long chatId, long afterUserId, int limit) {
        return db.read(c -> Jdbc.list(
                c,
                "SELECT u.id, u.username, u.display_name, m.role, m.read_seq, m.joined_at FROM chat_members m"
                        + " JOIN users u ON u.id = m.user_id WHERE m.chat_id = ? AND m.user_id > ?"
                        + " ORDER BY m.user_id LIMIT ?",
                rs -> new Member(
                        new UserRef(rs.getLong("id"), rs.getString("username"), rs.getString("display_name")),
                        Jdbc.enumValue(Role.class, rs.getString("role")),
                        rs.getLong("read_seq"),
                        Jdbc.instant(rs, "joined_at")),
                chatId,
                afterUserId,
                limit));
    }

    @Override
    public Optional<ChatEvent.OfMember> addMember(long chatId, long userId, Role role, long actorId, EventKind kind) {
        return db.write(c -> {
            Instant now = clock.instant();
            if (Jdbc.update(
                            c,
                            "INSERT INTO chat_members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
                                    + " ON CONFLICT (chat_id, user_id) DO NOTHING",
                            chatId,
                            userId,
                            role,
                            now)
                    == 0) {
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE chats SET member_count = member_count + 1 WHERE id = ?", chatId);
            return Optional.of(event(c, chatId, kind, actorId, userId, role, now));
        });
    }

    @Override
    public Optional<ChatEvent.OfMember> removeMember(long chatId, long userId, long actorId, EventKind kind) {
        return db.write(c -> {
            if (Jdbc.update(c, "DELETE FROM chat_members WHERE chat_id = ? AND user_id = ?", chatId, userId) == 0) {
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE chats SET member_count = member_count - 1 WHERE id = ?", chatId);
            return Optional.of(event(c, chatId, kind, actorId, userId, null, clock.instant()));
        });
    }

    @Override
    public Optional<ChatEvent.OfMember> changeRole(long chatId, long userId, Role role, long actorId) {
        return db.write(c -> {
            if (Jdbc.update(
                            c,
                            "UPDATE chat_members SET role = ? WHERE chat_id = ? AND user_id = ? AND role <> ?",
                            role,
                            chatId,
                            userId,
                            role)
                    == 0) {
                return Optional.empty();
            }
            return Optional.of(event(c, chatId, EventKind.ROLE_CHANGED, actorId, userId, role, clock.instant()));
        });
    }

    @Override
    public int countMembersWithRole(long chatId, Role role) {
        return db.read(c -> (int)
                Jdbc.oneLong(c, "SELECT COUNT(*) FROM chat_members WHERE chat_id = ? AND role = ?", chatId, role));
    }

    @Override
    public List<ChatSummary> listForUser(long userId) {
        return db.read(c -> Jdbc.list(c, LIST_SQL, JdbcChatStore::summary, userId));
    }

    @Override
    public List<Chat> searchPublic(String query, int limit) {
        String pattern = "%" + Jdbc.likeLiteral(query.toLowerCase(Locale.ROOT)) + "%";
        return db.read(c -> Jdbc.list(
                c,
                "SELECT " + CHAT_COLUMNS + " FROM chats c WHERE c.kind = 'group' AND c.visibility = 'public'"
                        + " AND lower(c.title) LIKE ? ESCAPE '\\' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?",
                JdbcChatStore::chat,
                pattern,
                limit));
    }

    @Override
    public Optional<Long> markRead(long chatId, long userId, long seq) {
        return db.write(c -> {
            long target = Math.min(seq, Jdbc.oneLong(c, "SELECT last_seq FROM chats WHERE id = ?", chatId));
            Jdbc.update(
                    c,
                    "UPDATE chat_members SET read_seq = ? WHERE chat_id = ? AND user_id = ? AND read_seq < ?",
                    target,
                    chatId,
                    userId,
                    target);
            return Jdbc.one(
                    c,
                    "SELECT read_seq FROM chat_members WHERE chat_id = ? AND user_id = ?",
                    rs -> rs.getLong(1),
                    chatId,
                    userId);
        });
    }

    private static ChatEvent.OfMember event(
            Connection c, long chatId, EventKind kind, long actorId, long userId, Role role, Instant at)
            throws SQLException {
        long seq = EventLog.nextSeq(c, chatId, null);
        return EventLog.record(c, new ChatEvent.OfMember(chatId, seq, kind, actorId, userId, role, at));
    }

    private static void insertMember(Connection c, long chatId, long userId, Role role, Instant at)
            throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO chat_members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
                chatId,
                userId,
                role,
                at);
    }

    private static Optional<Chat> chat(Connection c, long chatId) throws SQLException {
        return Jdbc.one(c, "SELECT " + CHAT_COLUMNS + " FROM chats c WHERE c.id = ?", JdbcChatStore::chat, chatId);
    }

    private static Chat chat(ResultSet rs) throws SQLException {
        return new Chat(
                rs.getLong("id"),
                Jdbc.enumValue(ChatKind.class, rs.getString("kind")),
                rs.getString("title"),
                Jdbc.enumValue(Visibility.class, rs.getString("visibility")),
                rs.getLong("last_seq"),
                rs.getInt("member_count"),
                Jdbc.instant(rs, "created_at"));
    }

    private static ChatSummary summary(ResultSet rs) throws SQLException {
        MessagePreview last = null;
        Long lastId = Jdbc.nullableLong(rs, "lm_id");
        if (lastId != null) {
            last = new MessagePreview(
                    lastId,
                    rs.getLong("lm_seq"),
                    new UserRef(rs.getLong("la_id"), rs.getString("la_username"), rs.getString("la_display_name")),
                    rs.getString("lm_text"),
                    Jdbc.instant(rs, "lm_created_at"),
                    Jdbc.instant(rs, "lm_deleted_at") != null);
        }
        Long peerId = Jdbc.nullableLong(rs, "pu_id");
        UserRef peer = peerId == null
                ? null
                : new UserRef(peerId, rs.getString("pu_username"), rs.getString("pu_display_name"));
        return new ChatSummary(
                chat(rs),
                Jdbc.enumValue(Role.class, rs.getString("role")),
                rs.getLong("read_seq"),
                rs.getLong("unread"),
                last,
                peer);
    }
}
