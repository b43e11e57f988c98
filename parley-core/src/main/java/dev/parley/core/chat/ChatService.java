package dev.parley.core.chat;

import dev.parley.core.account.UserStore;
import dev.parley.core.delivery.ChatEvents;
import dev.parley.core.error.ParleyException;
import dev.parley.core.text.Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Group and direct chats, membership and roles.
 *
 * <p>Rules: the creator of a group is its owner; anyone may join a public group; owners and admins
 * add and remove members, but only remove those they outrank; only owners change roles; the last
 * owner cannot leave or step down while other members remain. Direct chats have exactly two members
 * for life.
 */
public final class ChatService {

    public static final int TITLE_MAX = 100;
    public static final int MEMBERS_AT_CREATION_MAX = 1000;
    public static final int PAGE_MAX = 1000;

    private final ChatStore chats;
    private final UserStore users;
    private final ChatEvents events;
    private final ChatAccess access;

    public ChatService(ChatStore chats, UserStore users, ChatEvents events) {
        this.chats = chats;
        this.users = users;
        this.events = events;
        this.access = new ChatAccess(chats);
    }

    public Chat createGroup(long ownerId, String title, Visibility visibility, List<Long> memberIds) {
        Text.check("title", title);
        String name = checkTitle(title);
        if (visibility == null) {
            throw ParleyException.invalid("invalid_visibility", "visibility is required: 'public' or 'private'");
        }
        Set<Long> members = new LinkedHashSet<>(memberIds == null ? List.of() : memberIds);
        members.remove(ownerId);
        if (members.size() > MEMBERS_AT_CREATION_MAX) {
            throw ParleyException.invalid(
                    "too_many_members",
                    "memberIds has " + members.size() + " users; at most " + MEMBERS_AT_CREATION_MAX + " at creation");
        }
        if (!members.isEmpty()) {
            var found = users.findAll(members).stream().map(u -> u.id()).toList();
            members.removeAll(found);
            if (!members.isEmpty()) {
                throw ParleyException.invalid("user_not_found", "memberIds names unknown users: " + members);
            }
            members.addAll(found);
        }
        Chat chat = chats.createGroup(ownerId, name, visibility, members);
        Set<Long> everyone = new LinkedHashSet<>(members);
        everyone.add(ownerId);
        events.chatCreated(chat, everyone);
        return chat;
    }

    public Chat direct(long userId, long otherUserId) {
        if (userId == otherUserId) {
            throw ParleyException.invalid("direct_with_self", "a direct chat needs another user");
        }
        users.findById(otherUserId)
                .orElseThrow(() -> ParleyException.notFound("user_not_found", "no user with id " + otherUserId));
        DirectChat direct = chats.getOrCreateDirect(userId, otherUserId);
        if (direct.created()) {
            events.chatCreated(direct.chat(), List.of(userId, otherUserId));
        }
        return direct.chat();
    }

    public Chat get(long chatId, long userId) {
        return access.visible(chatId, userId);
    }

    public List<ChatSummary> list(long userId) {
        return chats.listForUser(userId);
    }

    public List<Chat> searchPublic(String query, int limit) {
        Text.check("q", query);
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw ParleyException.invalid("missing_query", "q is required: part of a chat title");
        }
        checkLimit(limit, 50);
        return chats.searchPublic(q, limit);
    }

    /** Members by user id after {@code afterUserId}; {@code hasMore} says whether a next page exists. */
    public MemberPage members(long chatId, long userId, long afterUserId, int limit) {
        access.visible(chatId, userId);
        checkLimit(limit, PAGE_MAX);
        List<Member> page = chats.members(chatId, afterUserId, limit + 1);
        boolean more = page.size() > limit;
        return new MemberPage(more ? List.copyOf(page.subList(0, limit)) : page, more);
    }

    /** Every member of a chat the caller belongs to, by user id. */
    public List<Member> allMembers(long chatId, long userId) {
        access.member(chatId, userId);
        List<Member> all = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            List<Member> page = chats.members(chatId, after, PAGE_MAX);
            all.addAll(page);
            if (page.size() < PAGE_MAX) {
                return all;
            }
            after = page.get(page.size() - 1).user().id();
        }
    }

    /** Joins a public group; joining a chat one is already in changes nothing. */
    public Optional<ChatEvent.OfMember> join(long chatId, long userId) {
        Chat chat = access.visible(chatId, userId);
        if (chat.kind() == ChatKind.DIRECT) {
            throw ParleyException.conflict("direct_chat", "direct chats cannot be joined");
        }
        return announce(chats.addMember(chatId, userId, Role.MEMBER, userId, EventKind.MEMBER_JOINED));
    }

    public Optional<ChatEvent.OfMember> leave(long chatId, long userId) {
        Membership me = access.member(chatId, userId);
        requireGroup(me.chat());
        if (me.role() == Role.OWNER
                && me.chat().memberCount() > 1
                && chats.countMembersWithRole(chatId, Role.OWNER) == 1) {
            throw ParleyException.conflict(
                    "last_owner",
                    "you are the last owner of chat " + chatId + "; make another member owner before leaving");
        }
        return announce(chats.removeMember(chatId, userId, userId, EventKind.MEMBER_LEFT));
    }

    /** Adds a user as a member; adding someone already in the chat changes nothing. */
    public Optional<ChatEvent.OfMember> addMember(long chatId, long actorId, long userId) {
        Membership me = access.manager(chatId, actorId);
        requireGroup(me.chat());
        users.findById(userId)
                .orElseThrow(() -> ParleyException.notFound("user_not_found", "no user with id " + userId));
        return announce(chats.addMember(chatId, userId, Role.MEMBER, actorId, EventKind.MEMBER_ADDED));
    }

    public Optional<ChatEvent.OfMember> removeMember(long chatId, long actorId, long userId) {
        if (actorId == userId) {
            return leave(chatId, actorId);
        }
        Membership me = access.manager(chatId, actorId);
        requireGroup(me.chat());
        Membership target = chats.membership(chatId, userId)
                .orElseThrow(() -> ParleyException.notFound(
                        "member_not_found", "user " + userId + " is not a member of chat " + chatId));
        if (!me.role().outranks(target.role())) {
            throw ParleyException.forbidden(
                    "insufficient_role",
                    "a " + name(me.role()) + " cannot remove a " + name(target.role()) + "; only higher roles can");
        }
        return announce(chats.removeMember(chatId, userId, actorId, EventKind.MEMBER_REMOVED));
    }

    public Optional<ChatEvent.OfMember> changeRole(long chatId, long actorId, long userId, Role role) {
        if (role == null) {
            throw ParleyException.invalid("invalid_role", "role is required: 'owner', 'admin' or 'member'");
        }
        Membership me = access.member(chatId, actorId);
        requireGroup(me.chat());
        if (me.role() != Role.OWNER) {
            throw ParleyException.forbidden("not_an_owner", "only an owner of chat " + chatId + " can change roles");
        }
        Membership target = chats.membership(chatId, userId)
                .orElseThrow(() -> ParleyException.notFound(
                        "member_not_found", "user " + userId + " is not a member of chat " + chatId));
        if (target.role() == Role.OWNER && role != Role.OWNER && chats.countMembersWithRole(chatId, Role.OWNER) == 1) {
            throw ParleyException.conflict(
                    "last_owner",
                    "user " + userId + " is the last owner of chat " + chatId + "; make another member owner first");
        }
        return announce(chats.changeRole(chatId, userId, role, actorId));
    }

    /** Moves the caller's read cursor forward; returns the cursor after the call. */
    public long markRead(long chatId, long userId, long seq) {
        Membership me = access.member(chatId, userId);
        if (seq < 0) {
            throw ParleyException.invalid("invalid_seq", "seq is " + seq + "; it must be 0 or more");
        }
        // the member may leave (or be removed) between the check and the write: refused as any non-member
        long cursor = chats.markRead(chatId, userId, seq).orElseThrow(() -> ChatAccess.notAMember(chatId));
        if (cursor > me.readSeq()) {
            events.readCursor(me.chat(), userId, cursor);
        }
        return cursor;
    }

    private Optional<ChatEvent.OfMember> announce(Optional<ChatEvent.OfMember> event) {
        event.ifPresent(events::membership);
        return event;
    }

    private static void requireGroup(Chat chat) {
        if (chat.kind() == ChatKind.DIRECT) {
            throw ParleyException.conflict("direct_chat", "the members of a direct chat cannot change");
        }
    }

    private static String checkTitle(String title) {
        String t = title == null ? "" : title.strip();
        int length = t.codePointCount(0, t.length());
        if (length < 1 || length > TITLE_MAX) {
            throw ParleyException.invalid(
                    "invalid_title", "title is " + length + " characters; allowed 1–" + TITLE_MAX);
        }
        return t;
    }

    static void checkLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw ParleyException.invalid("invalid_limit", "limit is " + limit + "; allowed 1–" + max);
        }
    }

    private static String name(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
