package dev.parley.core.delivery;

/**
 * What a node listens to on the {@link Bus}: a chat (its stream events and signals), a user
 * (signals for that user, and membership events that concern them), or every node (rare control
 * messages, such as a session that ended).
 */
public record Topic(Kind kind, long id) {

    public enum Kind {
        CHAT,
        USER,
        NODES
    }

    private static final Topic NODES = new Topic(Kind.NODES, 0);

    /** Every node listens to it. */
    public static Topic nodes() {
        return NODES;
    }

    public static Topic chat(long chatId) {
        return new Topic(Kind.CHAT, chatId);
    }

    public static Topic user(long userId) {
        return new Topic(Kind.USER, userId);
    }
}
