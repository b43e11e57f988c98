package dev.parley.core.social;

/** A like count after a like or unlike, and whether the change did anything. */
public record Likes(int count, boolean likedByMe, boolean changed) {}
