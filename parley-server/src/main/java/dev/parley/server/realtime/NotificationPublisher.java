package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.notify.Notification;
import dev.parley.core.notify.NotificationEvents;
import dev.parley.core.notify.NotificationGroup;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.social.NotificationView;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Sends each new notification to its user's connections, on whichever node they are. */
@Component
final class NotificationPublisher implements NotificationEvents {

    private final Bus bus;
    private final Frames frames;

    NotificationPublisher(Bus bus, Frames frames) {
        this.bus = bus;
        this.frames = frames;
    }

    @Override
    public void notified(Notification notification, int unread) {
        byte[] frame = frames.bytes(
                new Frame.NotificationSignal(NotificationView.of(NotificationGroup.of(notification)), unread));
        bus.publish(new BusMessage.UserSignal(Set.of(notification.userId()), null, 0, frame));
    }
}
