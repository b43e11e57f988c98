package dev.parley.core.message;

/** A validated message to append; {@code replyTo} may be null. */
public record NewMessage(long chatId, long authorId, String clientMsgId, String text, Long replyTo) {}
