package dev.parley.server.chat;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatSummary;
import dev.parley.core.chat.MessagePreview;
import dev.parley.server.web.Enums;
import java.time.Instant;

/** One chat of the caller's list; {@code lastMessage} and {@code peer} may be null. */
public record ChatListItem(
        long id,
        String kind,
        String title,
        String visibility,
        int memberCount,
        long lastSeq,
        String role,
        long readSeq,
        long unreadCount,
        LastMessage lastMessage,
        UserRef peer) {

    public record LastMessage(long id, long seq, UserRef author, String text, Instant createdAt, boolean deleted) {
        static LastMessage of(MessagePreview p) {
            return p == null
                    ? null
                    : new LastMessage(p.id(), p.seq(), p.author(), p.text(), p.createdAt(), p.deleted());
        }
    }

    static ChatListItem of(ChatSummary s) {
        var c = s.chat();
        return new ChatListItem(
                c.id(),
                Enums.wire(c.kind()),
                c.title(),
                Enums.wire(c.visibility()),
                c.memberCount(),
                c.lastSeq(),
                Enums.wire(s.role()),
                s.readSeq(),
                s.unreadCount(),
                LastMessage.of(s.lastMessage()),
                s.peer());
    }
}
