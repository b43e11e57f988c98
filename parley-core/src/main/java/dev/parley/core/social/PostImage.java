package dev.parley.core.social;

/**
 * A picture in a post (or uploaded for one): {@code id} names its blobs, {@code format} is how they
 * are encoded ({@code jpg} or {@code png}), and the size lets a client reserve the space before
 * the picture loads.
 */
public record PostImage(String id, int width, int height, String format) {}
