package dev.parley.core.message;

/** One emoji under a message: how many people react with it, and whether the viewer is one of them. */
public record Reaction(String emoji, int count, boolean mine) {}
