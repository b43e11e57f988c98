package dev.parley.core.delivery;

/**
 * What a node listens to on the {@link Bus}: a chat (its stream events and signals) or a user
 * (signals for that user, and membership events that concern them).
 */
public record Topic(Kind kind, long id) {

    public enum Kind {
        CHAT,
        USER
    }

    public static Topic chat(long chatId) {
        return new Topic(Kind.CHAT, chatId);
    }

    public static Topic user(long userId) {
        return new Topic(Kind.USER, userId);
    }
}
