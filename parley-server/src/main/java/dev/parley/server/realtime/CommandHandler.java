package dev.parley.server.realtime;

import dev.parley.core.chat.ChatService;
import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.BusMessage;
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
    private final Resumption resumption;
    private final ChatSizes sizes;
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
            Resumption resumption,
            ChatSizes sizes,
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
        this.resumption = resumption;
        this.sizes = sizes;
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
            if (c.admit(now)) {
                c.reply(new Frame.Error(e.commandId(), e.code(), e.getMessage()));
            }
            return Mono.empty();
        } catch (RuntimeException e) {
            // a bug of the parser's: answered as one, rather than ending the connection without a word
            if (c.admit(now)) {
                c.reply(error(null, e));
            }
            return Mono.empty();
        }
        if (!c.admit(now)) {
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
        return command.accept(new Command.Handler<>() {
            @Override
            public Mono<Void> send(Command.Send s) {
                return CommandHandler.this.send(c, s, receivedNanos);
            }

            @Override
            public Mono<Void> edit(Command.Edit e) {
                return blocking.call(() ->
                                messages.edit(e.chatId(), e.messageId(), c.userId, e.text(), e.removeAttachments()))
                        .doOnNext(ch -> c.reply(Frame.Ack.message(
                                e.id(), e.chatId(), e.messageId(), ch.event().seq(), false)))
                        .then();
            }

            @Override
            public Mono<Void> delete(Command.Delete d) {
                return blocking.call(() -> messages.delete(d.chatId(), d.messageId(), c.userId))
                        .doOnNext(ch -> c.reply(Frame.Ack.message(
                                d.id(), d.chatId(), d.messageId(), ch.event().seq(), false)))
                        .then();
            }

            @Override
            public Mono<Void> read(Command.Read r) {
                return blocking.call(() -> chats.markRead(r.chatId(), c.userId, r.seq()))
                        .doOnNext(seq -> c.reply(Frame.Ack.read(r.id(), r.chatId(), seq)))
                        .then();
            }

            @Override
            public Mono<Void> react(Command.React r) {
                return blocking.call(() -> messages.react(r.chatId(), r.messageId(), c.userId, r.emoji(), r.add()))
                        .doOnNext(reacted -> c.reply(Frame.Ack.reaction(
                                r.id(),
                                r.chatId(),
                                r.messageId(),
                                reacted.event().map(e -> e.seq()).orElse(null))))
                        .then();
            }

            @Override
            public Mono<Void> typing(Command.Typing t) {
                return CommandHandler.this.typing(c, t);
            }

            @Override
            public Mono<Void> resume(Command.Resume r) {
                return resumption.resume(c, r);
            }

            @Override
            public Mono<Void> ping(Command.Ping p) {
                c.reply(new Frame.Pong(p.id()));
                return Mono.empty();
            }

            @Override
            public Mono<Void> auth(Command.Auth a) {
                JwtAccessTokens.Verified verified = tokens.verify(a.token());
                if (verified.userId() != c.userId) {
                    throw new TokenException("invalid_token", "the token belongs to another user");
                }
                c.token(verified.sessionId(), verified.expiresAt());
                c.reply(Frame.Ack.of(a.id()));
                return Mono.empty();
            }
        });
    }

    /**
     * Queues the message and lets the next command be read while it is stored: a connection's sends
     * share commits (at most max-pending-sends wait at a time), and queuing needs no I/O, so it
     * happens right here. The ack or error follows once the message is stored or refused; a chat's
     * messages keep the order sent.
     */
    private Mono<Void> send(Connection c, Command.Send s, long receivedNanos) {
        return c.sends()
                .take()
                .then(queue(c, s, receivedNanos))
                .doOnError(e -> c.sends().answered())
                .doOnNext(stored -> stored.whenComplete((a, error) -> {
                    c.sends().answered();
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
        return Blocking.inContext(() -> messages.sendQueued(
                        s.chatId(), c.userId, s.text(), s.clientMsgId(), s.replyTo(), s.attachments(), receivedNanos))
                .onErrorResume(
                        StoreBusy.class,
                        busy -> Mono.fromFuture(busy.room())
                                .timeout(STORE_BUSY_WAIT, Mono.error(busy))
                                .then(Mono.defer(() -> queue(c, s, receivedNanos))));
    }

    /**
     * Tells the other members (through the chat's fan-out shard, on every node) that the user is
     * typing; only in chats of at most typing-max-members members.
     */
    private Mono<Void> typing(Connection c, Command.Typing t) {
        if (!c.follows(t.chatId())) {
            c.reply(new Frame.Error(
                    null,
                    c.started() ? "not_a_member" : "not_resumed",
                    c.started() ? "you are not a member of chat " + t.chatId() : "send resume before typing"));
            return Mono.empty();
        }
        return sizes.members(t.chatId())
                .filter(members -> members <= settings.typingMaxMembers())
                .doOnNext(members -> bus.publish(new BusMessage.ChatSignal(
                        t.chatId(),
                        null,
                        frames.bytes(new Frame.Typing(
                                t.chatId(), c.userId, settings.typingTtl().toMillis())))))
                .then();
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
