package dev.parley.server.web;

import java.util.List;

/** Every list answer: an object with {@code items}, so fields can be added later; {@code hasMore} when paged. */
public record Page<T>(List<T> items, boolean hasMore) {

    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, false);
    }
}
