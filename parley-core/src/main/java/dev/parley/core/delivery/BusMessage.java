package dev.parley.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What travels between nodes: a frame already serialized once (the bytes every recipient gets)
 * plus the routing it needs. Nodes never re-serialize what they receive.
 */
public sealed interface BusMessage {

    byte[] frame();

    /** The topics whose listeners get this message. */
    List<Topic> topics();

    /**
     * Calls the visitor's method for this kind of message. A new kind adds a method to {@link
     * Visitor}, so every place that handles messages must say what it does with it to compile.
     */
    <R> R accept(Visitor<R> visitor);

    /** What to do with each kind of message. */
    interface Visitor<R> {
        R stream(StreamEvent event);

        R chatSignal(ChatSignal signal);

        R userSignal(UserSignal signal);

        R sessionEnded(SessionEnded ended);
    }

    /**
     * An event of a chat's ordered stream, for every member's connections, in {@code seq} order.
     * {@code subjectUserId} is the member a membership event concerns ({@code joined} says whether
     * that user is in the chat after the event), null for message events. {@code revises}: the
     * event edits or deletes an earlier message (frames of that message rendered before are stale).
     * {@code receivedNanos}: when this node received the request that caused the event ({@link
     * System#nanoTime()}), for delivery latency; 0 when unknown (replays, other nodes: another
     * process's clock means nothing here).
     */
    record StreamEvent(
            long chatId,
            long seq,
            Long subjectUserId,
            boolean joined,
            boolean revises,
            byte[] frame,
            long receivedNanos)
            implements BusMessage {

        /** A membership event, or a new message whose arrival time is unknown. */
        public StreamEvent(long chatId, long seq, Long subjectUserId, boolean joined, byte[] frame) {
            this(chatId, seq, subjectUserId, joined, false, frame, 0);
        }

        /**
         * The chat's topic; a member joining is also told on their own topic, since no node may yet
         * follow the chat for them.
         */
        @Override
        public List<Topic> topics() {
            return subjectUserId != null && joined
                    ? List.of(Topic.chat(chatId), Topic.user(subjectUserId))
                    : List.of(Topic.chat(chatId));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stream(this);
        }
    }

    /**
     * A signal outside the stream (typing, read receipt) for the connections of the chat's members,
     * or only of {@code onlyUserIds} among them when not null.
     */
    record ChatSignal(long chatId, Set<Long> onlyUserIds, byte[] frame) implements BusMessage {

        @Override
        public List<Topic> topics() {
            return List.of(Topic.chat(chatId));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.chatSignal(this);
        }
    }

    /**
     * A signal for the connections of some users (presence, own read cursor, chat added). A chat
     * added for those users ({@code addedChatId}, with its {@code lastSeq}) subscribes their
     * connections to it.
     */
    record UserSignal(Set<Long> userIds, Long addedChatId, long lastSeq, byte[] frame) implements BusMessage {

        @Override
        public List<Topic> topics() {
            List<Topic> topics = new ArrayList<>(userIds.size());
            for (long userId : userIds) {
                topics.add(Topic.user(userId));
            }
            return topics;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.userSignal(this);
        }

        /** The same signal for one of its users only. */
        public UserSignal only(long userId) {
            return new UserSignal(Set.of(userId), addedChatId, lastSeq, frame);
        }
    }

    /**
     * A user's session (login) ended before its tokens expired: every node refuses its access tokens
     * from now on and closes its connections. {@code frame} is empty (nothing is sent to clients).
     */
    record SessionEnded(long userId, String sessionId) implements BusMessage {

        @Override
        public byte[] frame() {
            return new byte[0];
        }

        @Override
        public List<Topic> topics() {
            return List.of(Topic.nodes());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sessionEnded(this);
        }
    }
}
