package dev.parley.core.message;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/**
 * A message in its current state. {@code seq} is the seq of the event that created it. Once
 * deleted, {@code text} is null (the text is erased from storage) and {@code deletedAt} is set.
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
        Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
