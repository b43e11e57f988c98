package dev.parley.core.delivery;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.message.Message;

/**
 * A stored stream event with what its frame shows: the message (in its current state, without its
 * reactions) for message events, the member concerned for membership events; neither for reaction
 * events, which carry all they show.
 */
public record StreamEntry(ChatEvent event, Message message, UserRef subject) {}
