package dev.parley.core.social;

/** How another user stands to me. */
public enum Relation {
    SELF,
    NONE,
    /** I asked them to be friends; they have not answered. */
    REQUEST_SENT,
    /** They asked me; I have not answered. */
    REQUEST_RECEIVED,
    FRIENDS;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
