package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import dev.parley.core.media.BlobStoreContract;
import dev.parley.server.testing.RequiresS3rver;
import dev.parley.server.testing.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/** The S3 store against a real S3-compatible server (s3rver), through the AWS SDK. */
@RequiresS3rver
class S3BlobStoreIT extends BlobStoreContract {

    private Path dir;
    private S3rver server;
    private S3BlobStore store;

    @Override
    protected BlobStore open() throws Exception {
        dir = Files.createTempDirectory("parley-s3");
        server = new S3rver(dir.resolve("data"), "parley");
        store = new S3BlobStore(new S3BlobStore.Settings(
                server.endpoint(), "us-east-1", "parley", "avatars/", "S3RVER", "S3RVER", true));
        return store;
    }

    @Override
    protected void close() throws Exception {
        store.close();
        server.close();
        FileSystemUtils.deleteRecursively(dir.toFile());
    }
}
