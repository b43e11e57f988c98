package dev.parley.server.realtime;

import dev.parley.core.chat.ChatService;
import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
import dev.parley.core.delivery.StreamStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.message.Appended;
import dev.parley.core.message.MessageService;
import dev.parley.server.account.JwtAccessTokens;
import dev.parley.server.account.TokenException;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.CloseCodes;
import dev.parley.server.realtime.protocol.Command;
import dev.parley.server.realtime.protocol.CommandParser;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.realtime.protocol.ProtocolException;
import dev.parley.server.store.StoreBusy;
import dev.parley.server.store.StoreException;
import dev.parley.server.web.Blocking;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs client commands. Commands of one connection run one after another, in the order sent;
 * sends, edits, deletes and reads go through the same services as REST, so they produce the same
 * events.
 */
@Component
final class CommandHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    private static final Duration STORE_BUSY_WAIT = Duration.ofSeconds(10);

    private final ObservationRegistry observations;
    private final MessageService messages;
    private final ChatService chats;
    private final StreamStore streams;
    private final Hub hub;
    private final Bus bus;
    private final Frames frames;
    private final Blocking blocking;
    private final CommandParser parser;
    private final JwtAccessTokens tokens;
    private final ParleyProperties.Realtime settings;
    private final long maxMessageBytes;

    CommandHandler(
            MessageService messages,
            ChatService chats,
            StreamStore streams,
            Hub hub,
            Bus bus,
            Frames frames,
            Blocking blocking,
            CommandParser parser,
            JwtAccessTokens tokens,
            ParleyProperties properties,
            ObservationRegistry observations) {
        this.observations = observations;
        this.messages = messages;
        this.chats = chats;
        this.streams = streams;
        this.hub = hub;
        this.bus = bus;
        this.frames = frames;
        this.blocking = blocking;
        this.parser = parser;
        this.tokens = tokens;
        this.settings = properties.realtime();
        this.maxMessageBytes = settings.maxFrame().toBytes();
    }

    Mono<Void> handle(Connection c, Inbound message) {
        long now = System.nanoTime();
        c.touched(now);
        if (message.kind() == Inbound.Kind.CONTROL) {
            return Mono.empty();
        }
        if (message.kind() == Inbound.Kind.BINARY) {
            c.close(CloseCodes.BINARY_FRAME);
            return Mono.empty();
        }
        int size = message.size();
        if (size > maxMessageBytes || message.text() == null) {
            c.close(CloseCodes.tooBig(size, maxMessageBytes));
            return Mono.empty();
        }
        Command command;
        try {
            command = parser.parse(message.text());
        } catch (ProtocolException e) {
            if (c.admit(now, settings.commandBurst())) {
                c.reply(new Frame.Error(e.commandId(), e.code(), e.getMessage()));
            }
            return Mono.empty();
        }
        if (!c.admit(now, settings.commandBurst())) {
            c.reply(new Frame.Error(
                    command.id(),
                    "rate_limited",
                    "more than " + settings.commandsPerSecond() + " commands per second; this one was dropped"));
            return Mono.empty();
        }
        Observation observation = Observation.createNotStarted("parley.websocket.command", observations)
                .lowCardinalityKeyValue(
                        "command", command.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                .start();
        return Mono.defer(() -> dispatch(c, command, now))
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation))
                .doOnError(observation::error)
                .doFinally(signal -> observation.stop())
                .onErrorResume(e -> {
                    c.reply(error(command.id(), e));
                    return Mono.empty();
                });
    }

    private Mono<Void> dispatch(Connection c, Command command, long receivedNanos) {
        if (command instanceof Command.Send s) {
            return send(c, s, receivedNanos);
        }
        if (command instanceof Command.Edit e) {
            return blocking.call(() -> messages.edit(e.chatId(), e.messageId(), c.userId, e.text()))
                    .doOnNext(ch -> c.reply(Frame.Ack.message(
                            e.id(), e.chatId(), e.messageId(), ch.event().seq(), false)))
                    .then();
        }
        if (command instanceof Command.Delete d) {
            return blocking.call(() -> messages.delete(d.chatId(), d.messageId(), c.userId))
                    .doOnNext(ch -> c.reply(Frame.Ack.message(
                            d.id(), d.chatId(), d.messageId(), ch.event().seq(), false)))
                    .then();
        }
        if (command instanceof Command.Read r) {
            return blocking.call(() -> chats.markRead(r.chatId(), c.userId, r.seq()))
                    .doOnNext(seq -> c.reply(Frame.Ack.read(r.id(), r.chatId(), seq)))
                    .then();
        }
        if (command instanceof Command.Typing t) {
            typing(c, t);
            return Mono.empty();
        }
        if (command instanceof Command.Resume r) {
            if (!c.start()) {
                c.reply(new Frame.Error(
                        r.id(), "already_resumed", "this connection already resumed; reconnect to resume again"));
                return Mono.empty();
            }
            return blocking.call(() -> streams.positions(c.userId))
                    .doOnNext(positions -> resume(c, r, positions))
                    .then();
        }
        if (command instanceof Command.Ping p) {
            c.reply(new Frame.Pong(p.id()));
            return Mono.empty();
        }
        if (command instanceof Command.Auth a) {
            JwtAccessTokens.Verified verified = tokens.verify(a.token());
            if (verified.userId() != c.userId) {
                throw new TokenException("invalid_token", "the token belongs to another user");
            }
            c.expiresAt(verified.expiresAt());
            c.reply(Frame.Ack.of(a.id()));
            return Mono.empty();
        }
        return Mono.error(new IllegalStateException("unhandled command " + command));
    }

    /**
     * Queues the message and lets the next command be read while it is stored: a connection's sends
     * share commits (at most max-pending-sends wait at a time), and queuing needs no I/O, so it
     * happens right here. The ack or error follows once the message is stored or refused; a chat's
     * messages keep the order sent.
     */
    private Mono<Void> send(Connection c, Command.Send s, long receivedNanos) {
        return c.sendSlot(settings.maxPendingSends())
                .then(queue(c, s, receivedNanos))
                .doOnError(e -> c.sendAnswered())
                .doOnNext(stored -> stored.whenComplete((a, error) -> {
                    c.sendAnswered();
                    if (error != null) {
                        c.reply(error(s.id(), error instanceof CompletionException ? error.getCause() : error));
                    } else {
                        c.reply(Frame.Ack.message(
                                s.id(),
                                a.message().chatId(),
                                a.message().id(),
                                a.message().seq(),
                                !a.created()));
                    }
                }))
                .then();
    }

    /**
     * Queues the send's message. While the store's write queue is full, the connection waits for
     * room (reading nothing more, so the client is held back, not refused), up to {@link
     * #STORE_BUSY_WAIT}; past that the send is answered {@code store_unavailable}.
     */
    private Mono<CompletionStage<Appended>> queue(Connection c, Command.Send s, long receivedNanos) {
        return Blocking.inContext(() -> ReceivedAt.during(
                        receivedNanos,
                        () -> messages.sendQueued(s.chatId(), c.userId, s.text(), s.clientMsgId(), s.replyTo())))
                .onErrorResume(
                        StoreBusy.class,
                        busy -> Mono.fromFuture(busy.room())
                                .timeout(STORE_BUSY_WAIT, Mono.error(busy))
                                .then(Mono.defer(() -> queue(c, s, receivedNanos))));
    }

    private void typing(Connection c, Command.Typing t) {
        if (!c.follows(t.chatId())) {
            c.reply(new Frame.Error(
                    null,
                    c.started() ? "not_a_member" : "not_resumed",
                    c.started() ? "you are not a member of chat " + t.chatId() : "send resume before typing"));
            return;
        }
        byte[] frame = frames.bytes(
                new Frame.Typing(t.chatId(), c.userId, settings.typingTtl().toMillis()));
        bus.publish(new BusMessage.ChatSignal(t.chatId(), null, frame));
    }

    /**
     * Follows every chat of the user from where the client is, replaying what it missed; a gap
     * larger than max-replay is answered with {@code refetch} instead.
     */
    private void resume(Connection c, Command.Resume r, Map<Long, Long> positions) {
        Map<Long, Long> cursors = new LinkedHashMap<>();
        for (var position : positions.entrySet()) {
            long chatId = position.getKey();
            long lastSeq = position.getValue();
            Long has = r.chats().get(chatId);
            long cursor = has == null ? lastSeq : Math.min(has, lastSeq);
            if (lastSeq - cursor > settings.maxReplay()) {
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

    private static Frame.Error error(String id, Throwable e) {
        if (e instanceof ParleyException p) {
            return new Frame.Error(id, p.code(), p.getMessage());
        }
        if (e instanceof TokenException t) {
            return new Frame.Error(id, t.code(), t.getMessage());
        }
        if (e instanceof StoreException) {
            log.debug("Store failure answering command {}", id, e);
            return new Frame.Error(
                    id,
                    "store_unavailable",
                    "the database is not answering; retry (sends are safe to retry with the same clientMsgId)");
        }
        log.error("Unexpected failure running a WebSocket command", e);
        return new Frame.Error(id, "internal_error", "an unexpected error occurred; it was logged");
    }
}
