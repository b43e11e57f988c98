package dev.parley.core.message;

import dev.parley.core.chat.ChatEvent;

/**
 * The outcome of an append: the stored message, and the event that created it, or no event when
 * the author's {@code clientMsgId} was already used and the original message is returned instead.
 */
public record Appended(Message message, ChatEvent.OfMessage event) {

    public boolean created() {
        return event != null;
    }
}
