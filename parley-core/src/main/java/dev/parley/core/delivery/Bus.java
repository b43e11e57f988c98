package dev.parley.core.delivery;

import java.util.concurrent.CompletionStage;

/**
 * Carries {@link BusMessage}s between the nodes of a cluster: each message goes to the nodes that
 * listen to one of its {@linkplain BusMessage#topics() topics}, and a node listens only to the
 * chats its connections follow and the users connected to it.
 *
 * <ul>
 *   <li><b>Local first.</b> {@link #publish} hands the message to this node's receiver before it
 *       returns when this node listens to one of its topics, whatever the network does, and this
 *       node never receives its own message a second time from the network.
 *   <li><b>At most once per topic.</b> Another listening node receives a message at most once per
 *       topic it listens to (a membership event, published on its chat and on its user, may
 *       arrive twice; stream events are told apart by {@code seq}).
 *   <li><b>Order.</b> Messages published by one thread on one topic arrive in that order;
 *       receivers order stream events by {@code seq} anyway.
 *   <li><b>Loss.</b> Messages may be lost for a node while it is cut off from the others and
 *       before a new subscription is in place. The receiver is told when a topic becomes live
 *       ({@link Receiver#listening}) and when the node is cut off or back ({@link
 *       Receiver#connected}), so it can read stream events it may have missed from the store;
 *       signals (typing, receipts, presence) lost meanwhile are not recovered.
 * </ul>
 *
 * <p>Thread-safe. {@link #publish}, {@link #listen} and {@link #unlisten} never wait for the
 * network; the receiver is called on the bus's threads (or the publisher's) and must not block for
 * long.
 */
public interface Bus extends AutoCloseable {

    /** Sets the one receiver of this node's messages; call once, before listening. */
    void start(Receiver receiver);

    void publish(BusMessage message);

    /**
     * Starts receiving the topic's messages (no-op when already listening). The stage completes
     * once the subscription is in place: messages published after that reach this node.
     */
    CompletionStage<Void> listen(Topic topic);

    /** Stops receiving the topic's messages. */
    void unlisten(Topic topic);

    @Override
    default void close() {}

    /** Where a node's messages arrive. */
    interface Receiver {

        void received(BusMessage message);

        /**
         * The topic's subscription is (again) in place: messages published before it may have
         * been missed, so stream events are to be re-read from the store from the last one seen.
         */
        void listening(Topic topic);

        /**
         * False when this node stopped hearing from the others (messages of other nodes do not
         * arrive: read the store instead); true when it hears them again.
         */
        void connected(boolean connected);
    }
}
