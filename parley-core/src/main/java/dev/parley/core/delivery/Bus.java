package dev.parley.core.delivery;

import java.util.function.Consumer;

/**
 * Carries {@link BusMessage}s to every node, this one included.
 *
 * <p>Every message published is handed to every subscriber of every live node at most once. Order
 * is kept per publishing thread only: two stream events of one chat published concurrently may
 * arrive in either order, so receivers order them by {@code seq}. A message published while a
 * node is unreachable may be lost for it; stream events are recovered from the store by {@code
 * seq}, signals are not. Subscribers are called on the bus's threads and must not block.
 */
public interface Bus extends AutoCloseable {

    void publish(BusMessage message);

    void subscribe(Consumer<BusMessage> subscriber);

    @Override
    default void close() {}
}
