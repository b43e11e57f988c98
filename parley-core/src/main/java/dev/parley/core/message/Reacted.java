package dev.parley.core.message;

import dev.parley.core.chat.ChatEvent;
import java.util.Optional;

/**
 * The outcome of adding or removing a reaction: how many react with the emoji now, and the stream
 * event, absent when nothing changed (added twice, or removed when it was not there).
 */
public record Reacted(int count, Optional<ChatEvent.OfReaction> event) {}
