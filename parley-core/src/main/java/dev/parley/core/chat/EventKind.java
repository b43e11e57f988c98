package dev.parley.core.chat;

/** The kinds of event in a chat's ordered stream; each takes the chat's next {@code seq}. */
public enum EventKind {
    MESSAGE_CREATED,
    MESSAGE_EDITED,
    MESSAGE_DELETED,
    MEMBER_JOINED,
    MEMBER_ADDED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    ROLE_CHANGED
}
