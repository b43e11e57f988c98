package dev.parley.server.realtime.protocol;

import java.util.Map;

/**
 * What a client sends over the socket, one JSON object per text frame with a {@code type}.
 * Commands that expect a reply carry a client-chosen {@code id}, echoed by the reply.
 */
public sealed interface Command {

    /** The id the reply echoes; null for fire-and-forget commands. */
    String id();

    record Send(String id, long chatId, String text, String clientMsgId, Long replyTo) implements Command {}

    record Edit(String id, long chatId, long messageId, String text) implements Command {}

    record Delete(String id, long chatId, long messageId) implements Command {}

    record Read(String id, long chatId, long seq) implements Command {}

    record Typing(long chatId) implements Command {
        @Override
        public String id() {
            return null;
        }
    }

    /** Starts (or restarts) live delivery: per chat, the last seq the client has; empty on a first connect. */
    record Resume(String id, Map<Long, Long> chats) implements Command {}

    record Ping(String id) implements Command {}

    /** Replaces the connection's access token before it expires. */
    record Auth(String id, String token) implements Command {}
}
