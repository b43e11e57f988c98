package dev.parley.core.message;

import java.util.List;

/**
 * A validated message to append; {@code replyTo} may be null. {@code attachmentIds}: uploads of
 * the author into the chat, not yet taken by a message, in the order the message shows them;
 * {@code text} is empty when the message is only its attachments.
 */
public record NewMessage(
        long chatId, long authorId, String clientMsgId, String text, Long replyTo, List<String> attachmentIds) {

    public NewMessage {
        attachmentIds = List.copyOf(attachmentIds);
    }

    public NewMessage(long chatId, long authorId, String clientMsgId, String text, Long replyTo) {
        this(chatId, authorId, clientMsgId, text, replyTo, List.of());
    }
}
