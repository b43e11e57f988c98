package dev.parley.server.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.account.UserRef;
import dev.parley.core.message.Message;
import dev.parley.core.message.Reaction;
import java.time.Instant;
import java.util.List;

/**
 * A message on the wire; a deleted one keeps its place (id, seq, author) with {@code text} null.
 * {@code reactions} as the caller sees them; left out of stream frames, where reactions are events
 * of their own.
 */
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
        boolean deleted,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Reaction> reactions) {

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
                m.deleted(),
                m.reactions());
    }
}
