package dev.parley.server.message;

import dev.parley.core.account.UserRef;
import dev.parley.core.message.Message;
import java.time.Instant;

/** A message on the wire; a deleted one keeps its place (id, seq, author) with {@code text} null. */
public record MessageView(
        long id,
        long chatId,
        long seq,
        UserRef author,
        String text,
        Long replyTo,
        String clientMsgId,
        Instant createdAt,
        Instant editedAt,
        boolean deleted) {

    public static MessageView of(Message m) {
        return new MessageView(
                m.id(),
                m.chatId(),
                m.seq(),
                m.author(),
                m.text(),
                m.replyTo(),
                m.clientMsgId(),
                m.createdAt(),
                m.editedAt(),
                m.deleted());
    }
}
