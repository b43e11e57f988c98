package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files under a directory (by default {@code <data-dir>/blobs}), spread over subfolders by
 * the key's first characters. A blob is written to a temporary file and moved into place, so a
 * reader never sees half of one; its bytes are synced to the disk before the move and the move
 * after it, so a blob that was stored (and a row that names it, committed after) survives a power
 * cut, as a committed message does.
 */
public final class LocalBlobStore implements BlobStore {

    /** Keys are file names made by the server, never by clients: letters, digits, dot, dash. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9.\\-]{2,199}");

    private final Path root;

    public LocalBlobStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(String key, byte[] bytes) {
        store(key, temp -> Files.write(temp, bytes));
    }

    /** Moves the file into place when it is on the same file system (a rename, no copy), else copies it. */
    @Override
    public void putFile(String key, Path file) {
        Path target = path(key);
        try {
            folderOf(target);
            sync(file);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            return;
        } catch (AtomicMoveNotSupportedException elsewhere) {
            // another file system: copied below
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + key, e);
        }
        store(key, temp -> Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    private interface Writing {
        void into(Path temp) throws IOException;
    }

    /** Writes a temporary file beside the target and moves it into place: a reader never sees half of one. */
    private void store(String key, Writing writing) {
        Path target = path(key);
        try {
            folderOf(target);
            Path temp = Files.createTempFile(target.getParent(), ".upload", ".tmp");
            writing.into(temp);
            sync(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + key, e);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Makes the entries of a directory (a move into it, a new folder in it) durable. Where a
     * directory cannot be opened (Windows), they wait for the file system's own next commit; a
     * failing sync is an error like any other.
     */
    private static void syncDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException notOnThisSystem) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** The blob's folder, made (and its entry synced) if it is new. */
    private void folderOf(Path target) throws IOException {
        Path folder = target.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            syncDirectory(root);
        }
    }

    @Override
    public Optional<java.io.InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + key, e);
        }
    }

    private Path path(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key);
    }
}
