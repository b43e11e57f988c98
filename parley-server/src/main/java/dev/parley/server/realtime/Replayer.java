package dev.parley.server.realtime;

import dev.parley.core.chat.EventKind;
import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.core.delivery.StreamStore;
import dev.parley.server.web.Blocking;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads stream events back from the store, rendered as the frames live delivery would have sent. */
@Component
final class Replayer {

    private final StreamStore streams;
    private final Frames frames;
    private final Blocking blocking;

    Replayer(StreamStore streams, Frames frames, Blocking blocking) {
        this.streams = streams;
        this.frames = frames;
        this.blocking = blocking;
    }

    /** Events of the chat with seq above {@code afterSeq}, in order, at most {@code limit}. */
    Mono<List<StreamEvent>> after(long chatId, long afterSeq, int limit) {
        return blocking.call(() -> streams.after(chatId, afterSeq, limit).stream()
                .map(entry -> {
                    var e = entry.event();
                    boolean inChat = e.kind() != EventKind.MEMBER_LEFT && e.kind() != EventKind.MEMBER_REMOVED;
                    return new StreamEvent(chatId, e.seq(), e.userId(), inChat, frames.bytes(frames.stream(entry)));
                })
                .toList());
    }
}
