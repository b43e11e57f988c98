package dev.parley.core.social;

import java.util.Locale;

/** Who may see a post: its author's friends (the default), or every user. */
public enum PostVisibility {
    FRIENDS,
    PUBLIC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
