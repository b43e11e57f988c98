package dev.parley.core.notify;

/** A chat message a notification is about (a mention): a client opens the chat at {@code seq}. */
public record MessageRef(long chatId, long messageId, long seq) {}
