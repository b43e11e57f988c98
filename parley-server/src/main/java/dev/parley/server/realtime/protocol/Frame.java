package dev.parley.server.realtime.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.account.UserRef;
import dev.parley.server.chat.ChatView;
import dev.parley.server.message.MessageView;
import java.time.Instant;
import java.util.Map;

/**
 * What the server sends, one JSON object per text frame; {@code type} comes first. Stream events
 * carry the chat's {@code seq}; signals (typing, read, presence) have none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Frame {

    String type();

    /**
     * Sent once the connection is authenticated; send {@code resume} next to start receiving events.
     * {@code node} names the server node the socket reached (for diagnostics; any node serves any
     * user). {@code maxTextLength} is the most characters (code points, after trimming) a message
     * may hold, so a client can refuse a longer one before sending it.
     */
    record Ready(
            String type,
            long userId,
            String connectionId,
            long heartbeatMs,
            int maxReplay,
            String node,
            int maxTextLength)
            implements Frame {
        public Ready(
                long userId, String connectionId, long heartbeatMs, int maxReplay, String node, int maxTextLength) {
            this("ready", userId, connectionId, heartbeatMs, maxReplay, node, maxTextLength);
        }
    }

    /** A message event: {@code message_created} or {@code message_edited}, with the message as it is now. */
    record MessageEvent(String type, long chatId, long seq, long actorId, MessageView message) implements Frame {}

    record MessageDeleted(String type, long chatId, long seq, long actorId, long messageId) implements Frame {
        public MessageDeleted(long chatId, long seq, long actorId, long messageId) {
            this("message_deleted", chatId, seq, actorId, messageId);
        }
    }

    /**
     * {@code reaction_added} or {@code reaction_removed}: {@code actorId} added or removed their
     * {@code emoji} under message {@code messageId}, which {@code count} people react with now.
     */
    record ReactionEvent(String type, long chatId, long seq, long actorId, long messageId, String emoji, int count)
            implements Frame {}

    /** {@code member_joined}, {@code member_added}, {@code member_left}, {@code member_removed} or {@code role_changed}. */
    record MemberEvent(String type, long chatId, long seq, long actorId, UserRef user, String role) implements Frame {}

    /**
     * A new notification of the user (friend request, comment, like...), with the unread count
     * after it; the same item {@code GET /api/v1/notifications} lists.
     */
    record NotificationSignal(String type, dev.parley.server.social.NotificationView notification, int unread)
            implements Frame {
        public NotificationSignal(dev.parley.server.social.NotificationView notification, int unread) {
            this("notification", notification, unread);
        }
    }

    /** A chat the user now belongs to (created with them in it); its events follow from {@code lastSeq}. */
    record ChatAdded(String type, ChatView chat) implements Frame {
        public ChatAdded(ChatView chat) {
            this("chat_added", chat);
        }
    }

    /** A chat named in {@code resume} that the user no longer belongs to. */
    record ChatRemoved(String type, long chatId) implements Frame {
        public ChatRemoved(long chatId) {
            this("chat_removed", chatId);
        }
    }

    record Typing(String type, long chatId, long userId, long expiresInMs) implements Frame {
        public Typing(long chatId, long userId, long expiresInMs) {
            this("typing", chatId, userId, expiresInMs);
        }
    }

    /** A read cursor moved: the user's own (to their other connections) or a receipt from another member. */
    record ReadCursor(String type, long chatId, long userId, long seq) implements Frame {
        public ReadCursor(long chatId, long userId, long seq) {
            this("read", chatId, userId, seq);
        }
    }

    record Presence(String type, long userId, boolean online, Instant lastSeenAt) implements Frame {
        public Presence(long userId, boolean online, Instant lastSeenAt) {
            this("presence", userId, online, lastSeenAt);
        }
    }

    /** Too much was missed in a chat: fetch {@code fromSeq..lastSeq} over REST; live events continue after {@code lastSeq}. */
    record Refetch(String type, long chatId, long fromSeq, long lastSeq) implements Frame {
        public Refetch(long chatId, long fromSeq, long lastSeq) {
            this("refetch", chatId, fromSeq, lastSeq);
        }
    }

    /** Answers {@code resume}: the server's last seq per chat; missed events are on their way. */
    record Resumed(String type, String id, Map<Long, Long> chats) implements Frame {
        public Resumed(String id, Map<Long, Long> chats) {
            this("resumed", id, chats);
        }
    }

    /** A command succeeded; fields that do not apply to the command are left out. */
    record Ack(String type, String id, Long chatId, Long messageId, Long seq, Long readSeq, Boolean duplicate)
            implements Frame {
        public static Ack of(String id) {
            return new Ack("ack", id, null, null, null, null, null);
        }

        public static Ack message(String id, long chatId, long messageId, long seq, boolean duplicate) {
            return new Ack("ack", id, chatId, messageId, seq, null, duplicate);
        }

        /** A reaction's ack: the event's seq, or {@code duplicate} when nothing changed (no seq). */
        public static Ack reaction(String id, long chatId, long messageId, Long seq) {
            return new Ack("ack", id, chatId, messageId, seq, null, seq == null ? true : null);
        }

        public static Ack read(String id, long chatId, long readSeq) {
            return new Ack("ack", id, chatId, null, null, readSeq, null);
        }
    }

    record Pong(String type, String id) implements Frame {
        public Pong(String id) {
            this("pong", id);
        }
    }

    /** A command failed, or a frame could not be read; {@code id} is the command's when known. */
    record Error(String type, String id, String code, String message) implements Frame {
        public Error(String id, String code, String message) {
            this("error", id, code, message);
        }
    }
}
