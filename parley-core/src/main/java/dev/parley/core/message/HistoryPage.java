package dev.parley.core.message;

import java.util.List;

/** Messages in the order asked for; {@code hasMore} says whether the range holds more beyond them. */
public record HistoryPage(List<Message> items, boolean hasMore) {}
