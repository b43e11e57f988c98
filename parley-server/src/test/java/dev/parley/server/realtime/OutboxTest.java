package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;

/** A connection's outbox: frames leave in the order queued, paced by the socket, bounded for live data. */
class OutboxTest {

    /**
     * A socket that takes {@code room} frames, then is not writable until flushed; its flush says it
     * is writable again right away (as Netty fires the writability change from inside the flush).
     */
    private static final class Socket implements Transport {
        final List<String> sent = new ArrayList<>();
        /** Tasks for the socket's I/O thread, run when the test says so. */
        final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

        int room;
        int unflushed;
        Runnable onWrite = () -> {};
        Runnable onWritableAgain = () -> {};

        Socket(int room) {
            this.room = room;
        }

        @Override
        public Executor ioThread() {
            return tasks::add;
        }

        void runTasks() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }

        @Override
        public void write(byte[] frame) {
            sent.add(new String(frame, StandardCharsets.UTF_8));
            unflushed++;
            onWrite.run();
        }

        @Override
        public void flush() {
            boolean wasFull = !writable();
            unflushed = 0;
            if (wasFull) {
                onWritableAgain.run();
            }
        }

        @Override
        public boolean writable() {
            return unflushed < room;
        }

        @Override
        public long unsentBytes() {
            return 0;
        }

        @Override
        public void ping() {}

        @Override
        public void close(CloseStatus status) {}

        @Override
        public void abort() {}
    }

    private static byte[] frame(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesQueuedWhileTheSocketIsFullLeaveAfterTheOnesBeforeThem() {
        Socket socket = new Socket(3);
        Outbox outbox = new Outbox(socket, 1 << 20);
        socket.onWritableAgain = outbox::drain; // re-entered from inside the flush, as Netty does
        socket.onWrite = () -> {
            if (socket.sent.size() == 2) { // another thread queues more while the outbox writes
                outbox.offer(frame(11), null);
                outbox.offer(frame(12), null);
            }
        };
        for (int i = 1; i <= 10; i++) {
            outbox.offerPaced(frame(i));
        }

        socket.runTasks();

        assertThat(socket.sent).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    }

    @Test
    void liveFramesAreBoundedButAReplayIsNot() {
        Socket socket = new Socket(Integer.MAX_VALUE);
        Outbox outbox = new Outbox(socket, 10);
        for (int i = 0; i < 100; i++) {
            outbox.offerPaced("replayed-frame".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(outbox.offer("0123456789".getBytes(StandardCharsets.UTF_8), null))
                .isTrue();
        assertThat(outbox.offer("x".getBytes(StandardCharsets.UTF_8), null))
                .as("past the live bound")
                .isFalse();
        socket.runTasks();
        assertThat(socket.sent).hasSize(101);
        assertThat(outbox.offer("x".getBytes(StandardCharsets.UTF_8), null))
                .as("room again once written")
                .isTrue();
    }
}
