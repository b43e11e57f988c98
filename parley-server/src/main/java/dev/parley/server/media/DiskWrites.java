package dev.parley.server.media;

import dev.parley.server.web.Blocking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where uploads meet the disk: their chunks are written, their files synced and kept, on two
 * threads of their own, in the order they come. Uploads that share one pace ({@link UploadPace})
 * all end together; had their bytes waited in the page cache to be synced when each is kept, a
 * hundred of them would put hundreds of megabytes on the disk in the same second, ahead of the
 * database's commits on it (every commit waited up to a third of a second in the uploads scenario,
 * docs/benchmarks.md "Files"). So each upload's file is synced every {@value #SYNC_EVERY} bytes as
 * it arrives, at most two syncs run at once, and an upload waits for its sync before its next
 * chunk is written: the disk paces uploads too, and what is left to sync at the end is small.
 */
@Component
final class DiskWrites implements DisposableBean {

    static final long SYNC_EVERY = 1 << 20;

    private final Blocking threads = new Blocking(2, 100_000, "parley-disk");

    /** The work on these threads (keeping a file: its last sync, its move, its row). */
    <T> Mono<T> call(Callable<T> work) {
        return threads.call(work);
    }

    /** Writes the chunks to the file (which exists, empty) as they come, releasing each; syncs as it goes. */
    Mono<Void> write(Flux<DataBuffer> chunks, Path file) {
        return Mono.usingWhen(
                threads.call(() -> FileChannel.open(file, StandardOpenOption.WRITE)),
                channel -> {
                    Unsynced unsynced = new Unsynced();
                    // one chunk at a time from upstream: a queue here would hold an upload's bytes in memory
                    return chunks.concatMap(chunk -> write(channel, chunk, unsynced), 0)
                            .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                            .then();
                },
                channel -> threads.run(() -> close(channel)));
    }

    private Mono<Void> write(FileChannel channel, DataBuffer chunk, Unsynced unsynced) {
        // the chunk is released once: by the write, or, if the write is cancelled before it runs, here
        AtomicBoolean taken = new AtomicBoolean();
        return threads.run(() -> {
                    if (!taken.compareAndSet(false, true)) {
                        return;
                    }
                    try {
                        unsynced.bytes += writeAll(channel, chunk);
                    } finally {
                        DataBufferUtils.release(chunk);
                    }
                    if (unsynced.bytes >= SYNC_EVERY) {
                        force(channel);
                        unsynced.bytes = 0;
                    }
                })
                .doOnCancel(() -> {
                    if (taken.compareAndSet(false, true)) {
                        DataBufferUtils.release(chunk);
                    }
                });
    }

    private static int writeAll(FileChannel channel, DataBuffer chunk) {
        int written = 0;
        try (DataBuffer.ByteBufferIterator buffers = chunk.readableByteBuffers()) {
            while (buffers.hasNext()) {
                ByteBuffer buffer = buffers.next();
                while (buffer.hasRemaining()) {
                    written += channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private static void force(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes written since the last sync; touched by one chunk's write at a time (they are in sequence). */
    private static final class Unsynced {
        long bytes;
    }

    @Override
    public void destroy() {
        threads.destroy();
    }
}
