package dev.parley.core.message;

/**
 * An append the store refused, having written nothing: the author is not a member of a chat it can
 * see (a public group), cannot see the chat at all (none, or private and not a member), or the
 * reply is not one of the chat's messages.
 */
public final class AppendRefused extends RuntimeException {

    public enum Reason {
        NOT_A_MEMBER,
        CHAT_NOT_VISIBLE,
        UNKNOWN_REPLY
    }

    private final Reason reason;

    public AppendRefused(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
