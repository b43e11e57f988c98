package dev.parley.core.chat;

/** A member's role in a chat, strongest first. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** Owners and admins manage members. */
    public boolean canManageMembers() {
        return this != MEMBER;
    }

    /** True when this role ranks strictly above {@code other}. */
    public boolean outranks(Role other) {
        return ordinal() < other.ordinal();
    }
}
