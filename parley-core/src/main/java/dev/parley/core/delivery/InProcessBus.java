package dev.parley.core.delivery;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node bus: {@link #publish} hands a message to the receiver directly, on the
 * publishing thread, when one of its topics is listened to. Nothing is ever lost.
 */
public final class InProcessBus implements Bus {

    private final Set<Topic> listened = ConcurrentHashMap.newKeySet();
    private volatile Receiver receiver;

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void publish(BusMessage message) {
        Receiver r = receiver;
        if (r == null) {
            return;
        }
        for (Topic topic : message.topics()) {
            if (listened.contains(topic)) {
                r.received(message);
                return;
            }
        }
    }

    @Override
    public CompletionStage<Void> listen(Topic topic) {
        listened.add(topic);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unlisten(Topic topic) {
        listened.remove(topic);
    }
}
