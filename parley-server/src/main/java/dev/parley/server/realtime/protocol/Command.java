package dev.parley.server.realtime.protocol;

import java.util.Map;

/**
 * What a client sends over the socket, one JSON object per text frame with a {@code type}.
 * Commands that expect a reply carry a client-chosen {@code id}, echoed by the reply.
 */
public sealed interface Command {

    /** The id the reply echoes; null for fire-and-forget commands. */
    String id();

    /**
     * Calls the handler's method for this command. A new command adds a method to {@link Handler},
     * so whatever runs commands must say what it does with it to compile.
     */
    <R> R accept(Handler<R> handler);

    /** What to do with each command. */
    interface Handler<R> {
        R send(Send send);

        R edit(Edit edit);

        R delete(Delete delete);

        R read(Read read);

        R react(React react);

        R typing(Typing typing);

        R resume(Resume resume);

        R ping(Ping ping);

        R auth(Auth auth);
    }

    /** {@code attachments}: ids of the sender's uploads into the chat; empty for none. */
    record Send(
            String id, long chatId, String text, String clientMsgId, Long replyTo, java.util.List<String> attachments)
            implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.send(this);
        }
    }

    /** {@code removeAttachments}: ids of the message's files to remove (an edit never adds one). */
    record Edit(String id, long chatId, long messageId, String text, java.util.List<String> removeAttachments)
            implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.edit(this);
        }
    }

    record Delete(String id, long chatId, long messageId) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.delete(this);
        }
    }

    record Read(String id, long chatId, long seq) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.read(this);
        }
    }

    /** Adds ({@code add} true) or removes the user's reaction with {@code emoji} to a message. */
    record React(String id, long chatId, long messageId, String emoji, boolean add) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.react(this);
        }
    }

    record Typing(long chatId) implements Command {
        @Override
        public String id() {
            return null;
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.typing(this);
        }
    }

    /** Starts (or restarts) live delivery: per chat, the last seq the client has; empty on a first connect. */
    record Resume(String id, Map<Long, Long> chats) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.resume(this);
        }
    }

    record Ping(String id) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.ping(this);
        }
    }

    /** Replaces the connection's access token before it expires. */
    record Auth(String id, String token) implements Command {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.auth(this);
        }
    }
}
