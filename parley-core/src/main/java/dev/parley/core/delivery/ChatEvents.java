package dev.parley.core.delivery;

import dev.parley.core.chat.Chat;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.message.Message;
import java.util.Collection;

/**
 * Where the services announce what they changed, after it is stored. The server turns each call
 * into frames on the {@link Bus}; REST and WebSocket commands go through the same services, so they
 * produce the same events. Implementations must not block for long: they run on the send path.
 */
public interface ChatEvents {

    /**
     * A message event (created, edited, deleted) of the chat's stream; {@code receivedNanos} is when
     * the request that caused it arrived ({@link System#nanoTime()} of this process), 0 when unknown.
     */
    void message(ChatEvent.OfMessage event, Message message, long receivedNanos);

    /** A membership event (joined, added, left, removed, role changed) of the chat's stream. */
    void membership(ChatEvent.OfMember event);

    /** A reaction added to or removed from a message, an event of the chat's stream. */
    void reaction(ChatEvent.OfReaction event);

    /** A new chat: its members' connections start following it. */
    void chatCreated(Chat chat, Collection<Long> memberIds);

    /** A member's read cursor moved; {@code memberCount} decides whether others get a receipt. */
    void readCursor(Chat chat, long userId, long readSeq);

    /** Announces nothing; for tests and tools that need no live delivery. */
    ChatEvents NONE = new ChatEvents() {
        @Override
        public void message(ChatEvent.OfMessage event, Message message, long receivedNanos) {}

        @Override
        public void membership(ChatEvent.OfMember event) {}

        @Override
        public void reaction(ChatEvent.OfReaction event) {}

        @Override
        public void chatCreated(Chat chat, Collection<Long> memberIds) {}

        @Override
        public void readCursor(Chat chat, long userId, long readSeq) {}
    };
}
