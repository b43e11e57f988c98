package dev.parley.core.media;

import java.util.Optional;

/**
 * Where files live (avatars now; message attachments later): bytes under a key. Keys are chosen by
 * the caller, content-addressed where they can be, so a stored blob never changes and can be
 * cached forever. Implementations: files under the data directory by default.
 */
public interface BlobStore {

    /** Stores the bytes under the key; storing the same key again replaces them. */
    void put(String key, byte[] bytes);

    Optional<byte[]> get(String key);

    /** Removes the blob; nothing when there is none. */
    void delete(String key);
}
