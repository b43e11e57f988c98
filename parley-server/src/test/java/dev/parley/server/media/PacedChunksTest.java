package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** An upload's chunk is released once: by the pace if the upload ends while it waits, else by whoever has it. */
class PacedChunksTest {

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

    @Test
    void aChunkPassedOnIsNotReleasedByTheCancelThatFollows() {
        Bandwidth.Share share = new Bandwidth(Double.POSITIVE_INFINITY).share();
        ByteBuf chunk = chunk();
        List<DataBuffer> received = new ArrayList<>();
        Flux.just(buffers.wrap(chunk))
                .concatMap(buffer -> FileController.paced(share, buffer), 0)
                .subscribe(new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        request(1);
                    }

                    @Override
                    protected void hookOnNext(DataBuffer buffer) {
                        received.add(buffer); // the disk has it now
                        cancel(); // and the client goes away while it is written
                    }
                });

        assertThat(received).hasSize(1);
        assertThat(chunk.refCnt()).as("still the disk's to write and release").isOne();
        ((NettyDataBuffer) received.get(0)).release();
        assertThat(chunk.refCnt()).isZero();
    }

    @Test
    void aChunkStillWaitingItsTurnIsReleasedWhenTheUploadEnds() {
        Bandwidth bandwidth = new Bandwidth(1_000_000);
        bandwidth.share().take(10_000_000).block(Duration.ofMillis(100)); // ten seconds of turns ahead
        ByteBuf chunk = chunk();
        Disposable upload = FileController.paced(bandwidth.share(), buffers.wrap(chunk))
                .subscribe(buffer -> {
                    throw new AssertionError("its turn is ten seconds away");
                });
        assertThat(chunk.refCnt()).isOne();

        upload.dispose();
        assertThat(chunk.refCnt()).isZero();
    }

    private static ByteBuf chunk() {
        return UnpooledByteBufAllocator.DEFAULT.heapBuffer(16).writeBytes(new byte[16]);
    }
}
