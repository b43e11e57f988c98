package dev.parley.core.chat;

/**
 * The kinds of event in a chat's ordered stream; each takes the chat's next {@code seq}. Each kind
 * belongs to one {@link Family}, the {@link ChatEvent} record that carries it; the mapping is an
 * exhaustive switch, so a new kind does not compile until it has a family.
 */
public enum EventKind {
    MESSAGE_CREATED,
    MESSAGE_EDITED,
    MESSAGE_DELETED,
    MEMBER_JOINED,
    MEMBER_ADDED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    ROLE_CHANGED,
    REACTION_ADDED,
    REACTION_REMOVED;

    /** The record of {@link ChatEvent} that carries events of a kind. */
    public enum Family {
        MESSAGE,
        MEMBER,
        REACTION;

        void check(EventKind kind) {
            if (kind.family() != this) {
                throw new IllegalArgumentException(
                        kind + " is not a " + name().toLowerCase(java.util.Locale.ROOT) + " event");
            }
        }
    }

    public Family family() {
        return switch (this) {
            case MESSAGE_CREATED, MESSAGE_EDITED, MESSAGE_DELETED -> Family.MESSAGE;
            case MEMBER_JOINED, MEMBER_ADDED, MEMBER_LEFT, MEMBER_REMOVED, ROLE_CHANGED -> Family.MEMBER;
            case REACTION_ADDED, REACTION_REMOVED -> Family.REACTION;
        };
    }
}
