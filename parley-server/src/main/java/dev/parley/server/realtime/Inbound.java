package dev.parley.server.realtime;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A frame a client sent, read off the socket at once (the transport releases its buffer as soon as
 * it was handed over): text frames with their text, others by kind only.
 */
record Inbound(Kind kind, String text, int size) {

    enum Kind {
        TEXT,
        BINARY,
        CONTROL
    }

    /** The frame's content; text is decoded only up to {@code maxTextBytes} (larger frames are refused anyway). */
    static Inbound of(WebSocketFrame frame, long maxTextBytes) {
        int size = frame.content().readableBytes();
        if (frame instanceof TextWebSocketFrame text) {
            return new Inbound(Kind.TEXT, size > maxTextBytes ? null : text.text(), size);
        }
        return new Inbound(frame instanceof BinaryWebSocketFrame ? Kind.BINARY : Kind.CONTROL, null, size);
    }

    static Inbound text(String text) {
        return new Inbound(Kind.TEXT, text, text.length());
    }
}
