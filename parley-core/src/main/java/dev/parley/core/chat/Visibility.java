package dev.parley.core.chat;

/** Who can find and join a group chat: anyone (public) or only those added by an admin (private). */
public enum Visibility {
    PUBLIC,
    PRIVATE
}
