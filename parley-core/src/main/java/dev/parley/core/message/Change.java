package dev.parley.core.message;

import dev.parley.core.chat.ChatEvent;
import java.util.List;

/**
 * A message after an edit or delete, with the event recording the change; {@code erased}: the
 * attachments the change removed, whose files are to be erased.
 */
public record Change(Message message, ChatEvent.OfMessage event, List<Attachment> erased) {

    public Change(Message message, ChatEvent.OfMessage event) {
        this(message, event, List.of());
    }
}
