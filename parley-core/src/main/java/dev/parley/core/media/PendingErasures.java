package dev.parley.core.media;

import java.time.Instant;
import java.util.List;

/**
 * Blobs that should be gone but that the blob store could not erase when asked (it was down, say):
 * kept here to be tried again, so that a deleted message's files do not stay behind for good. Only
 * for keys never used again (attachments' and pictures' keys are new ids), since a retry erases
 * whatever is under the key then.
 */
public interface PendingErasures {

    /** Keeps the keys to be erased later; a key kept already stays as it was. */
    void add(List<String> keys, Instant at);

    /** Up to {@code limit} kept keys, those kept longest first. */
    List<String> oldest(int limit);

    /** The keys were erased: forgets them, in one transaction. */
    void done(List<String> keys);

    /** Erasing the key failed again: it goes behind the others, as if kept at {@code at}. */
    void later(String key, Instant at);
}
