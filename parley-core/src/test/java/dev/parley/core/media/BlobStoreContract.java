package dev.parley.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} guarantees. */
public abstract class BlobStoreContract {

    protected BlobStore blobs;

    /** A store over a fresh, empty place (directory, bucket or prefix). */
    protected abstract BlobStore open() throws Exception;

    protected void close() throws Exception {}

    @BeforeEach
    void start() throws Exception {
        blobs = open();
    }

    @AfterEach
    void stop() throws Exception {
        close();
    }

    @Test
    void keepsWhatWasPutReplacesItAndForgetsItOnDelete() {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(big);
        blobs.put("0123456789abcdef.png", big);
        blobs.put("0123456789abcdef-64.png", "small".getBytes(StandardCharsets.UTF_8));

        assertThat(blobs.get("0123456789abcdef.png"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
        blobs.put("0123456789abcdef-64.png", "replaced".getBytes(StandardCharsets.UTF_8));
        assertThat(blobs.get("0123456789abcdef-64.png"))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("replaced"));

        blobs.delete("0123456789abcdef.png");
        assertThat(blobs.get("0123456789abcdef.png")).isEmpty();
        assertThat(blobs.get("0123456789abcdef-64.png")).as("others stay").isPresent();
        blobs.delete("0123456789abcdef.png"); // deleting what is gone changes nothing
        assertThat(blobs.get("ffffffffffffffff.jpg")).isEmpty();
    }

    @Test
    void storesAFileAndStreamsItBack() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 17];
        new Random(11).nextBytes(content);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("blob", ".bin");
        try {
            java.nio.file.Files.write(file, content);
            blobs.putFile("a0123456789abcdef", file);
        } finally {
            java.nio.file.Files.deleteIfExists(file); // the store may have taken it
        }

        try (java.io.InputStream in = blobs.open("a0123456789abcdef").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(blobs.open("affffffffffffffff")).isEmpty();
        blobs.delete("a0123456789abcdef");
        assertThat(blobs.open("a0123456789abcdef")).isEmpty();
    }
}
