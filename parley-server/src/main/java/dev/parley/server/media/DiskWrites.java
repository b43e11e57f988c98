package dev.parley.server.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where uploads meet the disk: their chunks are written, their files synced and kept, on two
 * threads of their own, in the order they come. Had uploads' bytes waited in the page cache to be
 * synced when each is kept, a hundred uploads ending together (as they did when they shared the
 * pace evenly, {@link Bandwidth}) put hundreds of megabytes on the disk in the same second, ahead
 * of the database's commits on it (every commit waited up to a third of a second in the uploads
 * scenario, docs/benchmarks.md "Files"). So each upload's file is synced every {@value
 * #SYNC_EVERY} bytes as it arrives, at most two syncs run at once, and an upload waits for its
 * sync before its next chunk is written: the disk paces uploads too, and what is left to sync at
 * the end is small.
 */
@Component
final class DiskWrites implements DisposableBean {

    static final long SYNC_EVERY = 1 << 20;

    /**
     * A plain pool, not a Reactor scheduler: a cancelled subscribeOn interrupts the task it runs,
     * and an interrupt closes a {@link FileChannel} under the write (each upload a client aborts
     * would end in an error logged as dropped). A cancelled future here lets its task finish.
     */
    private final ThreadPoolExecutor threads =
            new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000), runnable -> {
                Thread thread = new Thread(runnable, "parley-disk-" + COUNT.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Syncs of upload files as they arrive, since start (read by tests). */
    private final AtomicLong syncs = new AtomicLong();

    /** The work on these threads (a file's last sync and move into the blob store). */
    <T> Mono<T> call(Callable<T> work) {
        return Mono.fromFuture(() -> CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                threads));
    }

    /** Writes the chunks to the file (which exists, empty) as they come, releasing each; syncs as it goes. */
    Mono<Void> write(Flux<DataBuffer> chunks, Path file) {
        return Mono.usingWhen(
                call(() -> FileChannel.open(file, StandardOpenOption.WRITE)),
                channel -> {
                    Unsynced unsynced = new Unsynced();
                    // one chunk at a time from upstream: a queue here would hold an upload's bytes in memory
                    return chunks.concatMap(chunk -> write(channel, chunk, unsynced), 0)
                            .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                            .then();
                },
                channel -> call(() -> {
                    close(channel);
                    return true;
                }));
    }

    private Mono<Void> write(FileChannel channel, DataBuffer chunk, Unsynced unsynced) {
        // the chunk is released once: by the write, or here if the write never ran (cancelled
        // first, or refused by a full queue or a pool shut down)
        AtomicBoolean taken = new AtomicBoolean();
        return call(() -> {
                    if (!taken.compareAndSet(false, true)) {
                        return false;
                    }
                    try {
                        unsynced.bytes += writeAll(channel, chunk);
                    } finally {
                        DataBufferUtils.release(chunk);
                    }
                    if (unsynced.bytes >= SYNC_EVERY) {
                        force(channel);
                        syncs.incrementAndGet();
                        unsynced.bytes = 0;
                    }
                    return true;
                })
                .doFinally(signal -> {
                    if (taken.compareAndSet(false, true)) {
                        DataBufferUtils.release(chunk);
                    }
                })
                .then();
    }

    long syncs() {
        return syncs.get();
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
        threads.shutdown();
    }
}
