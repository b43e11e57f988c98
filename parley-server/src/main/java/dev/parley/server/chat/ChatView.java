package dev.parley.server.chat;

import dev.parley.core.chat.Chat;
import dev.parley.server.web.Enums;
import java.time.Instant;

public record ChatView(
        long id, String kind, String title, String visibility, int memberCount, long lastSeq, Instant createdAt) {

    public static ChatView of(Chat c) {
        return new ChatView(
                c.id(),
                Enums.wire(c.kind()),
                c.title(),
                Enums.wire(c.visibility()),
                c.memberCount(),
                c.lastSeq(),
                c.createdAt());
    }
}
