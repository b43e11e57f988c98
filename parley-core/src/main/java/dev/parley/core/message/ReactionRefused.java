package dev.parley.core.message;

/** The store refused a reaction as it was written; nothing was stored. */
public final class ReactionRefused extends RuntimeException {

    public enum Reason {
        /** The user is not a member of the chat. */
        NOT_A_MEMBER,
        /** The message is not in the chat, or is deleted. */
        NO_LIVE_MESSAGE,
        /** The message has {@link MessageStore#REACTIONS_MAX} distinct emojis, and this one is new. */
        TOO_MANY
    }

    private final Reason reason;

    public ReactionRefused(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
