package dev.parley.core.message;

/**
 * A page of history: messages with {@code after < seq < before}, {@code limit} of them, starting
 * from the newest ({@code newestFirst}) or the oldest end of that range.
 */
public record HistoryQuery(long before, long after, int limit, boolean newestFirst) {}
