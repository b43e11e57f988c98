package dev.parley.core.chat;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of chats and memberships.
 *
 * <p>Every membership change appends an event to the chat's stream, taking the chat's next {@code
 * seq} in the same transaction as the change, so the stream is gap-free under concurrency and
 * across nodes. All methods are thread-safe and may block on I/O.
 */
public interface ChatStore {

    /** Creates a group chat with {@code ownerId} as owner and the other users as members; no events. */
    Chat createGroup(long ownerId, String title, Visibility visibility, Collection<Long> memberIds);

    /**
     * The direct chat of two distinct users, created with both as members on first use. Concurrent
     * calls for one pair (in either order) all return the same chat: a unique key on the pair
     * enforces it, and exactly one of them reports {@code created}.
     */
    DirectChat getOrCreateDirect(long userA, long userB);

    Optional<Chat> find(long chatId);

    /** The user's membership of the chat, with the chat; empty when the chat or membership does not exist. */
    Optional<Membership> membership(long chatId, long userId);

    /** Members ordered by user id, those with an id above {@code afterUserId}, at most {@code limit}. */
    List<Member> members(long chatId, long afterUserId, int limit);

    /** Adds a member with {@code kind} MEMBER_JOINED or MEMBER_ADDED; empty when already a member. */
    Optional<ChatEvent.OfMember> addMember(long chatId, long userId, Role role, long actorId, EventKind kind);

    /** Removes a member with {@code kind} MEMBER_LEFT or MEMBER_REMOVED; empty when not a member. */
    Optional<ChatEvent.OfMember> removeMember(long chatId, long userId, long actorId, EventKind kind);

    /** Changes a member's role; empty when not a member or the role is unchanged. */
    Optional<ChatEvent.OfMember> changeRole(long chatId, long userId, Role role, long actorId);

    int countMembersWithRole(long chatId, Role role);

    /**
     * The user's chats, newest activity first, each with its last message, unread count and, for
     * direct chats, the other user. Costs a constant number of queries whatever the chat count.
     */
    List<ChatSummary> listForUser(long userId);

    /** Public group chats whose title contains {@code query}, case-insensitively, newest first. */
    List<Chat> searchPublic(String query, int limit);

    /**
     * Moves the read cursor forward to {@code seq} (never backwards, never past the chat's last seq).
     *
     * @return the cursor after the call; empty when the user is not a member (left or removed
     *     since the caller checked)
     */
    Optional<Long> markRead(long chatId, long userId, long seq);
}
