package dev.parley.server.realtime;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.StreamEntry;
import dev.parley.core.message.Message;
import dev.parley.server.media.FileLinks;
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
    private final FileLinks links;

    public Frames(JsonMapper json, FileLinks links) {
        this.json = json;
        this.links = links;
    }

    public byte[] bytes(Frame frame) {
        return json.writeValueAsBytes(frame);
    }

    public String text(Frame frame) {
        return new String(bytes(frame), StandardCharsets.UTF_8);
    }

    /**
     * The frame of a stream event; {@code message} for message events (as it is now), {@code
     * subject} for membership events, neither for reactions.
     */
    public Frame stream(ChatEvent event, Message message, UserRef subject) {
        return event.accept(new ChatEvent.Visitor<Frame>() {
            @Override
            public Frame message(ChatEvent.OfMessage e) {
                return switch (e.kind()) {
                    case MESSAGE_CREATED, MESSAGE_EDITED ->
                        new Frame.MessageEvent(
                                Enums.wire(e.kind()), e.chatId(), e.seq(), e.actorId(), MessageView.of(message, links));
                    case MESSAGE_DELETED -> new Frame.MessageDeleted(e.chatId(), e.seq(), e.actorId(), e.messageId());
                    case MEMBER_JOINED,
                            MEMBER_ADDED,
                            MEMBER_LEFT,
                            MEMBER_REMOVED,
                            ROLE_CHANGED,
                            REACTION_ADDED,
                            REACTION_REMOVED -> throw new IllegalStateException(e.kind() + " is no message event");
                };
            }

            @Override
            public Frame member(ChatEvent.OfMember e) {
                return new Frame.MemberEvent(
                        Enums.wire(e.kind()), e.chatId(), e.seq(), e.actorId(), subject, Enums.wire(e.role()));
            }

            @Override
            public Frame reaction(ChatEvent.OfReaction e) {
                return new Frame.ReactionEvent(
                        Enums.wire(e.kind()), e.chatId(), e.seq(), e.actorId(), e.messageId(), e.emoji(), e.count());
            }
        });
    }

    /**
     * The bus message of a stream event: its frame with the routing the event needs. {@code
     * receivedNanos}: when the request that caused it arrived, 0 when unknown.
     */
    public BusMessage.StreamEvent busMessage(ChatEvent event, byte[] frame, long receivedNanos) {
        return event.accept(new ChatEvent.Visitor<BusMessage.StreamEvent>() {
            @Override
            public BusMessage.StreamEvent message(ChatEvent.OfMessage e) {
                boolean revises = e.revisesMessage();
                return new BusMessage.StreamEvent(
                        e.chatId(), e.seq(), null, false, revises, frame, revises ? 0 : receivedNanos);
            }

            @Override
            public BusMessage.StreamEvent member(ChatEvent.OfMember e) {
                return new BusMessage.StreamEvent(e.chatId(), e.seq(), e.userId(), e.memberIsIn(), false, frame, 0);
            }

            @Override
            public BusMessage.StreamEvent reaction(ChatEvent.OfReaction e) {
                return new BusMessage.StreamEvent(e.chatId(), e.seq(), null, false, false, frame, 0);
            }
        });
    }

    public Frame stream(StreamEntry entry) {
        return stream(entry.event(), entry.message(), entry.subject());
    }
}
