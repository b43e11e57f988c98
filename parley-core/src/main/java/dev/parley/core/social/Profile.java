package dev.parley.core.social;

/** What a person says about themselves: a short bio and their avatar (a blob key, or null). */
public record Profile(long userId, String bio, String avatar) {

    public static Profile empty(long userId) {
        return new Profile(userId, "", null);
    }
}
