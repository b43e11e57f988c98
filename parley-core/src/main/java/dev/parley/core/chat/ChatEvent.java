package dev.parley.core.chat;

import java.time.Instant;

/**
 * One event of a chat's stream. {@code seq} is gap-free and strictly increasing per chat and was
 * assigned in the transaction that stored the change.
 *
 * <p>The sealed records say what each family of events carries; code that turns an event into
 * anything (a frame, a row, routing) does it in a {@link Visitor}, so a new family adds a method
 * there and does not compile until each such place handles it. Within a family, {@link EventKind}
 * names the event on the wire, and questions about kinds are exhaustive switches.
 */
public sealed interface ChatEvent permits ChatEvent.OfMessage, ChatEvent.OfMember, ChatEvent.OfReaction {

    long chatId();

    long seq();

    EventKind kind();

    /** Who made the change. */
    long actorId();

    Instant at();

    /** Calls the visitor's method for this family of event. */
    <R> R accept(Visitor<R> visitor);

    /** What to do with each family of event. */
    interface Visitor<R> {
        R message(OfMessage event);

        R member(OfMember event);

        R reaction(OfReaction event);
    }

    /** A message was created, edited or deleted. */
    record OfMessage(long chatId, long seq, EventKind kind, long actorId, long messageId, Instant at)
            implements ChatEvent {
        public OfMessage {
            EventKind.Family.MESSAGE.check(kind);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.message(this);
        }

        /** The event changes a message shown before: frames rendered for that message earlier are stale. */
        public boolean revisesMessage() {
            return switch (kind) {
                case MESSAGE_EDITED, MESSAGE_DELETED -> true;
                case MESSAGE_CREATED -> false;
                case MEMBER_JOINED,
                        MEMBER_ADDED,
                        MEMBER_LEFT,
                        MEMBER_REMOVED,
                        ROLE_CHANGED,
                        REACTION_ADDED,
                        REACTION_REMOVED -> throw new IllegalStateException(kind + " is no message event");
            };
        }
    }

    /** A member joined, was added, left, was removed, or got another role; {@code role} is theirs after it. */
    record OfMember(long chatId, long seq, EventKind kind, long actorId, long userId, Role role, Instant at)
            implements ChatEvent {
        public OfMember {
            EventKind.Family.MEMBER.check(kind);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.member(this);
        }

        /** Whether the member is in the chat after the event. */
        public boolean memberIsIn() {
            return switch (kind) {
                case MEMBER_JOINED, MEMBER_ADDED, ROLE_CHANGED -> true;
                case MEMBER_LEFT, MEMBER_REMOVED -> false;
                case MESSAGE_CREATED, MESSAGE_EDITED, MESSAGE_DELETED, REACTION_ADDED, REACTION_REMOVED ->
                    throw new IllegalStateException(kind + " is no membership event");
            };
        }
    }

    /**
     * A reaction was added to or removed from a message; {@code count} is how many people react to
     * that message with that emoji after the change.
     */
    record OfReaction(
            long chatId, long seq, EventKind kind, long actorId, long messageId, String emoji, int count, Instant at)
            implements ChatEvent {
        public OfReaction {
            EventKind.Family.REACTION.check(kind);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reaction(this);
        }

        public boolean added() {
            return kind == EventKind.REACTION_ADDED;
        }
    }
}
