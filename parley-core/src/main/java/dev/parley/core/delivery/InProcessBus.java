package dev.parley.core.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node bus: {@link #publish} calls every subscriber directly, on the publishing thread. */
public final class InProcessBus implements Bus {

    private final List<Consumer<BusMessage>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(BusMessage message) {
        for (Consumer<BusMessage> subscriber : subscribers) {
            subscriber.accept(message);
        }
    }

    @Override
    public void subscribe(Consumer<BusMessage> subscriber) {
        subscribers.add(subscriber);
    }
}
