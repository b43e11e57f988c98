package dev.parley.core.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What live delivery reads back from storage: replays, positions and contacts. Thread-safe; may block. */
public interface StreamStore {

    /**
     * The chat's events with {@code seq > afterSeq}, in {@code seq} order, at most {@code limit}.
     * Events are never removed, so a range read twice answers the same events.
     */
    List<StreamEntry> after(long chatId, long afterSeq, int limit);

    /** The user's chats, each with its last {@code seq}. */
    Map<Long, Long> positions(long userId);

    /**
     * The last {@code seq} of each of the chats that exist (others are left out): a few reads
     * however many chats are asked for. Used to notice events a node missed without reading each
     * chat.
     */
    Map<Long, Long> lastSeqs(Collection<Long> chatIds);

    /** The other users who share with {@code userId} a chat of at most {@code maxMembers} members. */
    Set<Long> contacts(long userId, int maxMembers);
}
