package dev.parley.core.message;

import dev.parley.core.account.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * A message in its current state. {@code seq} is the seq of the event that created it. Once
 * deleted, {@code text} is null (the text is erased from storage) and {@code deletedAt} is set.
 * {@code reactions} are as one viewer sees them, in the order first given; null when they were
 * not read (the stream's frames carry reactions as events of their own). {@code attachments} are
 * its files in order (none once deleted).
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
        List<Attachment> attachments,
        List<Reaction> reactions) {

    /** A message as read from its row, its attachments and reactions not read. */
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
        this(id, chatId, seq, author, clientMsgId, text, replyTo, createdAt, editedAt, deletedAt, List.of(), null);
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
                attachments,
                List.copyOf(reactions));
    }

    public Message withAttachments(List<Attachment> attachments) {
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
                List.copyOf(attachments),
                reactions);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
