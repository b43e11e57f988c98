package dev.parley.core.media;

import java.util.Optional;

/**
 * Where files live (avatars, posts' pictures, messages' attachments): bytes under a key. Keys are chosen by
 * the caller, content-addressed where they can be, so a stored blob never changes and can be
 * cached forever. Implementations: files under the data directory by default.
 */
public interface BlobStore {

    /** Stores the bytes under the key; storing the same key again replaces them. */
    void put(String key, byte[] bytes);

    /**
     * Stores the file's content under the key, streamed (never held whole in memory). The store may
     * take the file itself (move it into place): the caller must not use it afterwards, only
     * delete it if it is still there.
     */
    void putFile(String key, java.nio.file.Path file);

    Optional<byte[]> get(String key);

    /** The blob as a stream to read (and close), never held whole in memory; empty when there is none. */
    Optional<java.io.InputStream> open(String key);

    /** Removes the blob; nothing when there is none. */
    void delete(String key);
}
