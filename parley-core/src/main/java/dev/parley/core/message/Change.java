package dev.parley.core.message;

import dev.parley.core.chat.ChatEvent;

/** A message after an edit or delete, with the event recording the change. */
public record Change(Message message, ChatEvent.OfMessage event) {}
