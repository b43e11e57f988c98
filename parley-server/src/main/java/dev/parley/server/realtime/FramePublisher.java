package dev.parley.server.realtime;

import dev.parley.core.account.UserRef;
import dev.parley.core.account.UserStore;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.EventKind;
import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.ChatEvents;
import dev.parley.core.message.Message;
import dev.parley.server.chat.ChatView;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.Frame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Announces what the services stored: each change is serialized once into a frame and published
 * on the {@link Bus}, from where every node fans the same bytes out to its connections.
 */
@Component
final class FramePublisher implements ChatEvents {

    private final Bus bus;
    private final Frames frames;
    private final UserStore users;
    private final int receiptsMaxMembers;
    private final Counter sent;

    FramePublisher(Bus bus, Frames frames, UserStore users, ParleyProperties properties, MeterRegistry registry) {
        this.sent = Counter.builder("chat.messages.sent")
                .description("Messages accepted and stored")
                .register(registry);
        this.bus = bus;
        this.frames = frames;
        this.users = users;
        this.receiptsMaxMembers = properties.realtime().receiptsMaxMembers();
    }

    @Override
    public void message(ChatEvent.OfMessage event, Message message, long receivedNanos) {
        if (event.kind() == EventKind.MESSAGE_CREATED) {
            sent.increment();
        }
        publish(event, frames.stream(event, message, null), receivedNanos);
    }

    @Override
    public void membership(ChatEvent.OfMember event) {
        UserRef subject =
                users.findById(event.userId()).map(u -> u.ref()).orElse(new UserRef(event.userId(), null, null));
        publish(event, frames.stream(event, null, subject), 0);
    }

    @Override
    public void reaction(ChatEvent.OfReaction event) {
        publish(event, frames.stream(event, null, null), 0);
    }

    private void publish(ChatEvent event, Frame frame, long receivedNanos) {
        bus.publish(frames.busMessage(event, frames.bytes(frame), receivedNanos));
    }

    @Override
    public void chatCreated(Chat chat, Collection<Long> memberIds) {
        byte[] frame = frames.bytes(new Frame.ChatAdded(ChatView.of(chat)));
        bus.publish(new BusMessage.UserSignal(Set.copyOf(memberIds), chat.id(), chat.lastSeq(), frame));
    }

    @Override
    public void readCursor(Chat chat, long userId, long readSeq) {
        byte[] frame = frames.bytes(new Frame.ReadCursor(chat.id(), userId, readSeq));
        if (chat.memberCount() <= receiptsMaxMembers) {
            bus.publish(new BusMessage.ChatSignal(chat.id(), null, frame));
        } else {
            bus.publish(new BusMessage.UserSignal(Set.of(userId), null, 0, frame));
        }
    }
}
