package dev.parley.server.realtime;

import dev.parley.core.chat.ChatStore;
import dev.parley.core.delivery.StreamStore;
import dev.parley.server.chat.ChatView;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.web.Blocking;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a node does while its bus cannot hear the other nodes (Redis is away): it reads what they
 * stored instead. Every poll interval it reads the last seq of every chat followed here (a few
 * queries however many chats) and each stream that is behind reads the rest; so cross-node delivery
 * slows to the poll interval but loses nothing. When the bus is back: one more round, and every
 * local user's chats are read again, so a chat they were added to meanwhile is followed.
 */
@Component
final class StoreFallback {

    private static final Logger log = LoggerFactory.getLogger(StoreFallback.class);
    /** Users whose chats are read again at once after an outage. */
    private static final int CONCURRENCY = 4;

    private final Hub hub;
    private final StreamStore streams;
    private final ChatStore chats;
    private final Frames frames;
    private final Blocking blocking;
    private final Duration interval;
    private Disposable polling;
    private long cutOffAt;

    StoreFallback(
            Hub hub,
            StreamStore streams,
            ChatStore chats,
            Frames frames,
            Blocking blocking,
            ParleyProperties properties) {
        this.hub = hub;
        this.streams = streams;
        this.chats = chats;
        this.frames = frames;
        this.blocking = blocking;
        this.interval = properties.redis().pollInterval();
        hub.onConnectivity(this::connected);
    }

    synchronized void connected(boolean connected) {
        if (!connected && polling == null) {
            cutOffAt = System.nanoTime();
            polling = Flux.interval(interval, interval)
                    .onBackpressureDrop()
                    .concatMap(tick -> poll(), 1)
                    .subscribe();
        } else if (connected && polling != null) {
            polling.dispose();
            polling = null;
            log.info(
                    "Back in touch with the other nodes after {} s: reading what was missed",
                    Duration.ofNanos(System.nanoTime() - cutOffAt).toSeconds());
            poll().then(readUsersChats()).subscribe();
        }
    }

    /** The streams that are behind the store read the rest. */
    Mono<Void> poll() {
        Map<Long, Long> delivered = hub.deliveredByChat();
        if (delivered.isEmpty()) {
            return Mono.empty();
        }
        return blocking.call(() -> streams.lastSeqs(delivered.keySet()))
                .doOnNext(last -> last.forEach((chatId, seq) -> {
                    Long at = delivered.get(chatId);
                    if (at != null && seq > at) {
                        hub.resync(chatId);
                    }
                }))
                .onErrorResume(e -> {
                    log.debug("Store poll failed: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Every local user's chats: one they do not follow yet was added while the bus was away. */
    private Mono<Void> readUsersChats() {
        return Flux.fromIterable(hub.users())
                .flatMap(this::readChats, CONCURRENCY)
                .then();
    }

    private Mono<Void> readChats(long userId) {
        return blocking.call(() -> streams.positions(userId))
                .doOnNext(positions -> positions.forEach((chatId, lastSeq) -> {
                    for (Connection c : hub.connectionsOf(userId)) {
                        if (c.started() && !c.follows(chatId)) {
                            added(c, chatId, lastSeq);
                        }
                    }
                }))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    private void added(Connection c, long chatId, long lastSeq) {
        blocking.call(() -> chats.find(chatId).orElse(null)).subscribe(chat -> {
            byte[] frame = frames.bytes(new Frame.ChatAdded(ChatView.of(chat)));
            hub.chatAdded(c, chatId, chat.lastSeq(), frame);
        });
    }
}
