package dev.parley.server.realtime;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.delivery.StreamEntry;
import dev.parley.core.message.Message;
import dev.parley.server.message.MessageView;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.web.Enums;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns stream events into frames and frames into the bytes sent on the wire (the only JSON writer of the socket). */
@Component
public final class Frames {

    private final JsonMapper json;

    public Frames(JsonMapper json) {
        this.json = json;
    }

    public byte[] bytes(Frame frame) {
        return json.writeValueAsBytes(frame);
    }

    public String text(Frame frame) {
        return new String(bytes(frame), StandardCharsets.UTF_8);
    }

    /** The frame of a stream event; {@code message} for message events, {@code subject} for membership events. */
    public Frame stream(ChatEvent e, Message message, UserRef subject) {
        return switch (e.kind()) {
            case MESSAGE_CREATED, MESSAGE_EDITED ->
                new Frame.MessageEvent(Enums.wire(e.kind()), e.chatId(), e.seq(), e.actorId(), MessageView.of(message));
            case MESSAGE_DELETED -> new Frame.MessageDeleted(e.chatId(), e.seq(), e.actorId(), e.messageId());
            case MEMBER_JOINED, MEMBER_ADDED, MEMBER_LEFT, MEMBER_REMOVED, ROLE_CHANGED ->
                new Frame.MemberEvent(
                        Enums.wire(e.kind()), e.chatId(), e.seq(), e.actorId(), subject, Enums.wire(e.role()));
        };
    }

    public Frame stream(StreamEntry entry) {
        return stream(entry.event(), entry.message(), entry.subject());
    }
}
