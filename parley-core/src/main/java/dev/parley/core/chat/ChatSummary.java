package dev.parley.core.chat;

import dev.parley.core.account.UserRef;

/**
 * One row of a user's chat list. {@code unreadCount} counts messages after the read cursor that
 * others wrote and that are not deleted. {@code lastMessage} is null in a chat without messages;
 * {@code peer} is the other user of a direct chat and null for groups.
 */
public record ChatSummary(
        Chat chat, Role role, long readSeq, long unreadCount, MessagePreview lastMessage, UserRef peer) {}
