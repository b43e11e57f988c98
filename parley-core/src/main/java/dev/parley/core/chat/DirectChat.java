package dev.parley.core.chat;

/** A direct chat and whether this call created it. */
public record DirectChat(Chat chat, boolean created) {}
