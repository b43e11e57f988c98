package dev.parley.core.social;

import java.util.List;

/** A page and whether more follow (the store was asked for one more than the page holds). */
public record Paged<T>(List<T> items, boolean hasMore) {

    static <T> Paged<T> of(List<T> rows, int limit) {
        return rows.size() > limit ? new Paged<>(List.copyOf(rows.subList(0, limit)), true) : new Paged<>(rows, false);
    }
}
