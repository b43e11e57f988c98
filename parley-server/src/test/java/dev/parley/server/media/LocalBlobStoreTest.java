package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.media.BlobStore;
import dev.parley.core.media.BlobStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

class LocalBlobStoreTest extends BlobStoreContract {

    private Path dir;

    @Override
    protected BlobStore open() throws Exception {
        dir = Files.createTempDirectory("parley-blobs");
        return new LocalBlobStore(dir);
    }

    @Override
    protected void close() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @Test
    void aKeyCannotLeaveTheDirectory() {
        assertThatThrownBy(() -> blobs.get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.put("a/b", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
