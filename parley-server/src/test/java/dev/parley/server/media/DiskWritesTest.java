package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class DiskWritesTest {

    private final DiskWrites disk = new DiskWrites();
    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
    private final List<ByteBuf> made = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        disk.destroy();
    }

    private DataBuffer chunk(byte[] all, int from, int length) {
        DataBuffer buffer = buffers.allocateBuffer(length);
        buffer.write(all, from, length);
        made.add(NettyDataBufferFactory.toByteBuf(buffer));
        return buffer;
    }

    @Test
    void writesEveryChunkInOrderPastSeveralSyncsAndReleasesEach() throws Exception {
        byte[] bytes = new byte[(int) (2.5 * DiskWrites.SYNC_EVERY)];
        new Random(7).nextBytes(bytes);
        int chunk = 64 * 1024;
        Flux<DataBuffer> chunks = Flux.range(0, (bytes.length + chunk - 1) / chunk)
                .map(i -> chunk(bytes, i * chunk, Math.min(chunk, bytes.length - i * chunk)));
        Path file = Files.createFile(dir.resolve("upload.part"));

        disk.write(chunks, file).block(Duration.ofSeconds(10));

        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(made).hasSize(40).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(disk.syncs())
                .as("synced after each whole MiB as it arrived; the last half is synced when the file is kept")
                .isEqualTo(2);
    }

    @Test
    void anUploadCutShortReleasesTheChunkItHeldAndFailsTheWrite() throws Exception {
        byte[] bytes = new byte[1024];
        Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
        Path file = Files.createFile(dir.resolve("cut.part"));
        var written = disk.write(body.asFlux(), file).toFuture();

        body.tryEmitNext(chunk(bytes, 0, 1024));
        body.tryEmitNext(chunk(bytes, 0, 1024));
        body.tryEmitError(new IllegalStateException("the client went away"));

        assertThat(written).failsWithin(Duration.ofSeconds(5));
        assertThat(made).hasSize(2).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }
}
