package dev.parley.core.chat;

/**
 * The kinds of event in a chat's ordered stream; each takes the chat's next {@code seq}. What a
 * kind means for delivery is answered here by exhaustive switches, so a new kind does not compile
 * until each question has an answer for it.
 */
public enum EventKind {
    MESSAGE_CREATED,
    MESSAGE_EDITED,
    MESSAGE_DELETED,
    MEMBER_JOINED,
    MEMBER_ADDED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    ROLE_CHANGED;

    /** The event changes a message shown before: frames rendered for that message earlier are stale. */
    public boolean revisesMessage() {
        return switch (this) {
            case MESSAGE_EDITED, MESSAGE_DELETED -> true;
            case MESSAGE_CREATED, MEMBER_JOINED, MEMBER_ADDED, MEMBER_LEFT, MEMBER_REMOVED, ROLE_CHANGED -> false;
        };
    }

    /** After a membership event, whether the member it concerns is in the chat (false for message events). */
    public boolean memberIsIn() {
        return switch (this) {
            case MEMBER_JOINED, MEMBER_ADDED, ROLE_CHANGED -> true;
            case MEMBER_LEFT, MEMBER_REMOVED, MESSAGE_CREATED, MESSAGE_EDITED, MESSAGE_DELETED -> false;
        };
    }
}
