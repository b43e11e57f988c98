package dev.parley.core.message;

/**
 * An append the store refused, having written nothing: the author is not a member of a chat it can
 * see (a public group), cannot see the chat at all (none, or private and not a member), the
 * reply is not one of the chat's messages, or an attachment is not an upload of the author into
 * the chat that no message took yet.
 */
public final class AppendRefused extends RuntimeException {

    public enum Reason {
        NOT_A_MEMBER,
        CHAT_NOT_VISIBLE,
        UNKNOWN_REPLY,
        UNKNOWN_ATTACHMENT
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
