package dev.parley.server.realtime;

import dev.parley.core.account.SessionEvents;
import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import org.springframework.stereotype.Component;

/**
 * Tells every node that a session ended, through the bus: each refuses its access tokens from then
 * on and closes its sockets (4003 {@code session_ended}); this node at once.
 */
@Component
final class SessionEnder implements SessionEvents {

    private final Bus bus;

    SessionEnder(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void ended(long userId, String sessionId) {
        bus.publish(new BusMessage.SessionEnded(userId, sessionId));
    }
}
