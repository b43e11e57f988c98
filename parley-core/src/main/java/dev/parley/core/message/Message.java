package dev.parley.core.message;

import dev.parley.core.account.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * A message in its current state. {@code seq} is the seq of the event that created it. Once
 * deleted, {@code text} is null (the text is erased from storage) and {@code deletedAt} is set.
 * {@code reactions} are as one viewer sees them, in the order first given; null when they were
 * not read (the stream's frames carry reactions as events of their own).
 */
public record Message(
        long id,
        long chatId,
        long seq,
        UserRef author,
        String clientMsgId,
        String text,
        Long replyTo,
        Instant createdAt,
        Instant editedAt,
        Instant deletedAt,
        List<Reaction> reactions) {

    /** A message as read from its row, its reactions not read. */
    public Message(
            long id,
            long chatId,
            long seq,
            UserRef author,
            String clientMsgId,
            String text,
            Long replyTo,
            Instant createdAt,
            Instant editedAt,
            Instant deletedAt) {
        this(id, chatId, seq, author, clientMsgId, text, replyTo, createdAt, editedAt, deletedAt, null);
    }

    public Message withReactions(List<Reaction> reactions) {
        return new Message(
                id,
                chatId,
                seq,
                author,
                clientMsgId,
                text,
                replyTo,
                createdAt,
                editedAt,
                deletedAt,
                List.copyOf(reactions));
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
