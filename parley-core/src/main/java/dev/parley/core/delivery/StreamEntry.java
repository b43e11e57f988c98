package dev.parley.core.delivery;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.message.Message;

/**
 * A stored stream event with what its frame shows: the message (in its current state) for message
 * events, the member concerned for membership events.
 */
public record StreamEntry(ChatEvent event, Message message, UserRef subject) {}
