package dev.parley.server.realtime;

import dev.parley.core.delivery.StreamStore;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.Command;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.web.Blocking;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code resume} command: starts live delivery of every chat of the user from where the client
 * is, replaying what it missed; a gap larger than max-replay is answered with {@code refetch}.
 */
@Component
final class Resumption {

    /** How long a resume waits for the bus to deliver the user's own topic before reading on without it. */
    private static final Duration USER_TOPIC_WAIT = Duration.ofSeconds(2);

    private final Hub hub;
    private final StreamStore streams;
    private final Blocking blocking;
    private final int maxReplay;

    Resumption(Hub hub, StreamStore streams, Blocking blocking, ParleyProperties properties) {
        this.hub = hub;
        this.streams = streams;
        this.blocking = blocking;
        this.maxReplay = properties.realtime().maxReplay();
    }

    /**
     * Once the bus delivers the user's topic (so a chat added from now on is not missed), reads the
     * user's chats and follows each from the client's position.
     */
    Mono<Void> resume(Connection c, Command.Resume r) {
        if (!c.start()) {
            c.reply(new Frame.Error(
                    r.id(), "already_resumed", "this connection already resumed; reconnect to resume again"));
            return Mono.empty();
        }
        return Mono.fromCompletionStage(() -> hub.userTopicReady(c))
                .timeout(USER_TOPIC_WAIT, Mono.empty()) // the bus is down: chats are read from the store meanwhile
                .then(blocking.call(() -> streams.positions(c.userId)))
                .doOnNext(positions -> follow(c, r, positions))
                .doOnError(e -> c.resumeFailed()) // answered with an error: the client may resume again
                .then();
    }

    private void follow(Connection c, Command.Resume r, Map<Long, Long> positions) {
        Map<Long, Long> cursors = new LinkedHashMap<>();
        for (var position : positions.entrySet()) {
            long chatId = position.getKey();
            long lastSeq = position.getValue();
            Long has = r.chats().get(chatId);
            long cursor = has == null ? lastSeq : Math.min(has, lastSeq);
            if (lastSeq - cursor > maxReplay) {
                c.reply(new Frame.Refetch(chatId, cursor + 1, lastSeq));
                cursor = lastSeq;
            }
            cursors.put(chatId, cursor);
        }
        for (long chatId : r.chats().keySet()) {
            if (!positions.containsKey(chatId)) {
                c.reply(new Frame.ChatRemoved(chatId));
            }
        }
        cursors.forEach((chatId, cursor) -> hub.follow(c, chatId, cursor, positions.get(chatId)));
        // the connection held back every event since start(); "resumed" goes first, then they follow
        c.resumed(new Frame.Resumed(r.id(), positions));
    }
}
