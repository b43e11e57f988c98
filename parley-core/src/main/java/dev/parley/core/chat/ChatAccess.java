package dev.parley.core.chat;

import dev.parley.core.error.ParleyException;

/**
 * Who may see and act on a chat. A private chat the caller is not in does not exist as far as the
 * caller can tell (not found, never forbidden), so its existence does not leak.
 */
public final class ChatAccess {

    private final ChatStore chats;

    public ChatAccess(ChatStore chats) {
        this.chats = chats;
    }

    /** The chat, if the caller may see it: a member, or anyone for a public group. */
    public Chat visible(long chatId, long userId) {
        return chats.membership(chatId, userId)
                .map(Membership::chat)
                .orElseGet(() -> chats.find(chatId).filter(Chat::isPublic).orElseThrow(() -> notFound(chatId)));
    }

    /** The caller's membership; a visible chat the caller is not in is forbidden. */
    public Membership member(long chatId, long userId) {
        return chats.membership(chatId, userId).orElseThrow(() -> {
            visible(chatId, userId);
            return notAMember(chatId);
        });
    }

    /** The caller's membership, which must be owner or admin. */
    public Membership manager(long chatId, long userId) {
        Membership membership = member(chatId, userId);
        if (!membership.role().canManageMembers()) {
            throw ParleyException.forbidden(
                    "not_an_admin", "only an owner or admin of chat " + chatId + " can manage its members");
        }
        return membership;
    }

    public static ParleyException notAMember(long chatId) {
        return ParleyException.forbidden("not_a_member", "you are not a member of chat " + chatId + "; join it first");
    }

    public static ParleyException notFound(long chatId) {
        return ParleyException.notFound("chat_not_found", "no chat with id " + chatId);
    }
}
