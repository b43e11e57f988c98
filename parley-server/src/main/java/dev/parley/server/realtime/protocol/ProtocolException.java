package dev.parley.server.realtime.protocol;

/** A frame the server cannot act on; answered with an error frame carrying {@code code}. */
public final class ProtocolException extends RuntimeException {

    private final String code;
    private final String commandId;

    public ProtocolException(String code, String message, String commandId) {
        super(message, null, false, false);
        this.code = code;
        this.commandId = commandId;
    }

    public String code() {
        return code;
    }

    public String commandId() {
        return commandId;
    }
}
