package dev.parley.server.realtime;

import dev.parley.core.delivery.BusMessage.StreamEvent;
import dev.parley.core.delivery.StreamStore;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads stream events back, rendered as the frames live delivery would have sent: from the recent
 * events this node sent live when it still holds them, from the store for the rest.
 */
@Component
final class Replayer {

    private final StreamStore streams;
    private final Frames frames;
    private final Blocking blocking;
    private final RecentEvents recent;
    private final Counter fromMemory;
    private final Counter fromStore;

    @Autowired
    Replayer(
            StreamStore streams,
            Frames frames,
            Blocking blocking,
            ParleyProperties properties,
            MeterRegistry registry) {
        this(
                streams,
                frames,
                blocking,
                new RecentEvents(
                        properties.realtime().replayCache().toBytes(),
                        properties.realtime().maxReplay()),
                registry);
    }

    Replayer(StreamStore streams, Frames frames, Blocking blocking, RecentEvents recent, MeterRegistry registry) {
        this.streams = streams;
        this.frames = frames;
        this.blocking = blocking;
        this.recent = recent;
        this.fromMemory = replayed(registry, "memory");
        this.fromStore = replayed(registry, "store");
        io.micrometer.core.instrument.Gauge.builder("parley.realtime.replay.cache", recent, RecentEvents::bytes)
                .description("Bytes of recent stream events held for replays")
                .baseUnit("bytes")
                .register(registry);
    }

    private static Counter replayed(MeterRegistry registry, String source) {
        return Counter.builder("parley.realtime.replayed")
                .description("Stream events replayed to catching-up connections, by where they came from")
                .tag("source", source)
                .register(registry);
    }

    /** An event as it went out live (the stream's order): kept for the replays that follow. */
    void sent(StreamEvent e) {
        recent.add(e);
    }

    /** Events of the chat with seq above {@code afterSeq}, in order, at most {@code limit}. */
    Mono<List<StreamEvent>> after(long chatId, long afterSeq, int limit) {
        List<StreamEvent> held = recent.after(chatId, afterSeq, limit);
        fromMemory.increment(held.size());
        if (held.size() == limit) {
            return Mono.just(held);
        }
        long from = held.isEmpty() ? afterSeq : held.get(held.size() - 1).seq();
        long generation = recent.generation();
        return blocking.call(() -> read(chatId, from, limit - held.size())).map(read -> {
            fromStore.increment(read.size());
            recent.addAll(chatId, generation, read);
            if (held.isEmpty()) {
                return read;
            }
            List<StreamEvent> all = new ArrayList<>(held.size() + read.size());
            all.addAll(held);
            all.addAll(read);
            return all;
        });
    }

    private List<StreamEvent> read(long chatId, long afterSeq, int limit) {
        return streams.after(chatId, afterSeq, limit).stream()
                .map(entry -> frames.busMessage(entry.event(), frames.bytes(frames.stream(entry)), 0))
                .toList();
    }
}
