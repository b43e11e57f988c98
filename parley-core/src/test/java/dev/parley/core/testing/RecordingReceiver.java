package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A bus receiver that keeps everything it is told, for tests to wait on. */
public final class RecordingReceiver implements Bus.Receiver {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<BusMessage> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Topic> listening = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> connectivity = new LinkedBlockingQueue<>();

    @Override
    public void received(BusMessage message) {
        messages.add(message);
    }

    @Override
    public void listening(Topic topic) {
        listening.add(topic);
    }

    @Override
    public void connected(boolean connected) {
        connectivity.add(connected);
    }

    /** Messages received so far and not yet taken. */
    public List<BusMessage> drain() {
        List<BusMessage> all = new ArrayList<>();
        messages.drainTo(all);
        return all;
    }

    /** The next message received; fails after {@link #WAIT}. */
    public BusMessage next() {
        BusMessage m = poll(messages, WAIT);
        assertThat(m).as("a bus message within " + WAIT).isNotNull();
        return m;
    }

    /**
     * Waits for a message matching {@code barrier}, and answers what arrived before it: a test
     * publishes the barrier after whatever must not arrive, instead of sleeping.
     */
    public List<BusMessage> until(Predicate<BusMessage> barrier) {
        List<BusMessage> before = new ArrayList<>();
        while (true) {
            BusMessage m = next();
            if (barrier.test(m)) {
                return before;
            }
            before.add(m);
        }
    }

    /** Waits until the receiver is told the topic is live. */
    public void awaitListening(Topic topic) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Topic t = poll(listening, Duration.ofNanos(deadline - System.nanoTime()));
            if (topic.equals(t)) {
                return;
            }
        }
        throw new AssertionError("not told " + topic + " is live within " + WAIT);
    }

    /** Waits until the receiver is told it is (dis)connected. */
    public void awaitConnected(boolean connected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Boolean c = poll(connectivity, Duration.ofNanos(deadline - System.nanoTime()));
            if (c != null && c == connected) {
                return;
            }
        }
        throw new AssertionError("not told connected=" + connected + " within " + WAIT);
    }

    public void forgetListening() {
        listening.clear();
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration wait) {
        try {
            return queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
