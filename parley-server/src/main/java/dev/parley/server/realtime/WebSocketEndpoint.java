package dev.parley.server.realtime;

import dev.parley.server.account.JwtAccessTokens;
import dev.parley.server.account.TokenException;
import dev.parley.server.cluster.NodeIdentity;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.CloseCodes;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.web.Problem;
import dev.parley.server.web.ProblemWriter;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@code GET /ws}: authenticates with the access token (the {@code token} query parameter, or a
 * {@code bearer.<token>} entry of {@code Sec-WebSocket-Protocol} next to {@code parley.v1}), then
 * runs the connection until either side closes it.
 *
 * <p>It is a Reactor Netty route, ahead of the WebFlux application: a socket lives for hours, and
 * nothing of an HTTP exchange (its attributes, filters, observations, security context) should stay
 * alive with it. What stays per connection is the channel, its {@link Connection} and the inbound
 * pipeline below.
 */
@Component
final class WebSocketEndpoint implements NettyRouteProvider {

    static final String SUBPROTOCOL = "parley.v1";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /**
     * A socket stops taking frames once 256 KiB wait in it (and takes them again below 128 KiB):
     * beyond that they wait in the connection's outbox, where live data is bounded and replays are
     * paced by what the client reads.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private static final String BEARER_PROTOCOL = "bearer.";

    private final JwtAccessTokens tokens;
    private final Hub hub;
    private final PresenceService presence;
    private final CommandHandler commands;
    private final Replayer replayer;
    private final Frames frames;
    private final RealtimeMetrics metrics;
    private final ParleyProperties.Realtime settings;
    private final Connection.Settings connectionSettings;
    /** With parley.v1 as the subprotocol, for clients that ask for it; without, for those that ask for none. */
    private final WebsocketServerSpec withSubprotocol;

    private final WebsocketServerSpec withoutSubprotocol;
    private final int transportLimit;
    private final String node;
    private final int maxTextLength;
    private final OriginPolicy origins;
    private final ProblemWriter problems;

    WebSocketEndpoint(
            JwtAccessTokens tokens,
            Hub hub,
            PresenceService presence,
            CommandHandler commands,
            Replayer replayer,
            Frames frames,
            RealtimeMetrics metrics,
            ParleyProperties properties,
            NodeIdentity node,
            ProblemWriter problems) {
        this.problems = problems;
        this.node = node.id();
        this.maxTextLength = properties.limits().messageLength();
        this.origins = new OriginPolicy(properties.realtime().allowedOrigins());
        this.metrics = metrics;
        this.tokens = tokens;
        this.hub = hub;
        this.presence = presence;
        this.commands = commands;
        this.replayer = replayer;
        this.frames = frames;
        this.settings = properties.realtime();
        this.connectionSettings = new Connection.Settings() {
            @Override
            public long maxQueuedBytes() {
                return settings.outboundQueue().toBytes();
            }

            @Override
            public int maxReplay() {
                return settings.maxReplay();
            }

            @Override
            public int maxHeldEvents() {
                return settings.maxHeldEvents();
            }

            @Override
            public int maxPendingSends() {
                return settings.maxPendingSends();
            }
        };
        // The transport reassembles fragmented messages up to 4x the limit; CommandHandler closes
        // anything above the limit itself with 1009 and a reason naming both sizes.
        this.transportLimit =
                (int) Math.min(Integer.MAX_VALUE, 4 * settings.maxFrame().toBytes());
        this.withSubprotocol = WebsocketServerSpec.builder()
                .protocols(SUBPROTOCOL)
                .maxFramePayloadLength(transportLimit)
                .handlePing(false)
                .build();
        this.withoutSubprotocol = WebsocketServerSpec.builder()
                .maxFramePayloadLength(transportLimit)
                .handlePing(false)
                .build();
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.get("/ws", this::upgrade);
    }

    private Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
        String notAHandshake = notAHandshake(request.requestHeaders());
        if (notAHandshake != null) {
            response.header(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            return problems.write(
                    response,
                    request.path(),
                    Problem.of(
                            400,
                            "Bad Request",
                            "websocket_required",
                            "/ws is a WebSocket endpoint: connect with a WebSocket client (" + notAHandshake + ")"));
        }
        String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
        String forwardedHost = request.requestHeaders().get("X-Forwarded-Host");
        String host = forwardedHost != null
                ? forwardedHost.split(",")[0]
                : request.requestHeaders().get(HttpHeaderNames.HOST);
        if (!origins.allows(origin, host)) {
            return problems.write(
                    response,
                    request.path(),
                    Problem.of(
                            403,
                            "Forbidden",
                            "origin_not_allowed",
                            "pages from " + origin + " may not open sockets here; the server's operator can allow"
                                    + " them with parley.realtime.allowed-origins"));
        }
        String token = token(request.uri(), request.requestHeaders());
        // Reactor Netty runs the handler only when a subprotocol it offers was chosen: offer
        // parley.v1 only to clients that ask for it.
        boolean asked = request.requestHeaders().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL).stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .anyMatch(protocol -> SUBPROTOCOL.equals(protocol.strip()));
        return response.sendWebsocket((in, out) -> run(token, in, out), asked ? withSubprotocol : withoutSubprotocol);
    }

    /**
     * What a WebSocket (version 13) handshake lacks; null when nothing. Checked here, since Netty
     * refuses an incomplete handshake by dropping the connection without an answer.
     */
    private static String notAHandshake(HttpHeaders headers) {
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
            return "Upgrade: websocket is missing";
        }
        boolean upgrade = headers.getAll(HttpHeaderNames.CONNECTION).stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .anyMatch(token -> token.strip().equalsIgnoreCase("upgrade"));
        if (!upgrade) {
            return "Connection: Upgrade is missing";
        }
        String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            return "Sec-WebSocket-Key is missing";
        }
        if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return "Sec-WebSocket-Version must be 13";
        }
        return null;
    }

    private Mono<Void> run(String token, WebsocketInbound in, WebsocketOutbound out) {
        if (token == null) {
            return close(out, CloseCodes.UNAUTHENTICATED);
        }
        JwtAccessTokens.Verified verified;
        try {
            verified = tokens.verify(token);
        } catch (TokenException e) {
            return close(
                    out,
                    switch (e.code()) {
                        case "token_expired" -> CloseCodes.TOKEN_EXPIRED;
                        case "session_ended" -> CloseCodes.SESSION_ENDED;
                        default -> CloseCodes.INVALID_TOKEN;
                    });
        }
        AtomicReference<Channel> channel = new AtomicReference<>();
        SocketHandler handler = new SocketHandler();
        // the aggregator first, so the handler sees whole messages
        WebsocketInbound messages = in.aggregateFrames(transportLimit);
        messages.withConnection(connection -> {
            channel.set(connection.channel());
            connection.channel().config().setWriteBufferWaterMark(WATER_MARK);
            connection.addHandlerLast(SocketHandler.class.getName(), handler);
            var decoder = connection.channel().pipeline().context(WebSocketFrameDecoder.class);
            if (decoder != null) {
                connection
                        .channel()
                        .pipeline()
                        .addBefore(
                                decoder.name(),
                                SocketHandler.TooBigReason.class.getName(),
                                new SocketHandler.TooBigReason(
                                        transportLimit, settings.maxFrame().toBytes()));
            }
        });
        Connection c = new Connection(
                UUID.randomUUID().toString(),
                verified.userId(),
                new NettyTransport(channel.get(), handler),
                connectionSettings,
                replayer,
                frames,
                new CommandRate(
                        new TokenBucket(settings.commandsPerSecond(), settings.commandBurst(), System.nanoTime()),
                        settings.commandBurst()),
                metrics);
        c.token(verified.sessionId(), verified.expiresAt());
        hub.register(c);
        presence.connected(c);
        c.reply(new Frame.Ready(
                c.userId, c.id, settings.pingInterval().toMillis(), settings.maxReplay(), node, maxTextLength));
        handler.events(new SocketHandler.Events() {
            @Override
            public void writable() {
                c.writable();
            }

            @Override
            public void invalidText() {
                c.close(CloseCodes.INVALID_TEXT);
            }
        });
        Mono<Void> input = messages.receiveFrames()
                .map(frame -> Inbound.of(frame, transportLimit))
                .doOnNext(m -> metrics.frameIn())
                .concatMap(m -> commands.handle(c, m))
                .then()
                .doFinally(s -> c.ended());
        // A close frame can sit forever behind data a stalled client never reads: once the server
        // closed a connection, its socket gets CLOSE_GRACE to finish, then it is torn down.
        Mono<Void> torndown = c.closedByServer()
                .then(Mono.delay(CLOSE_GRACE))
                .doOnNext(t -> handler.abort())
                .then();
        return Mono.firstWithSignal(input, torndown).doFinally(s -> {
            hub.unregister(c);
            presence.disconnected(c);
        });
    }

    private static Mono<Void> close(WebsocketOutbound out, CloseStatus status) {
        return out.sendClose(status.getCode(), status.getReason());
    }

    private static String token(String uri, HttpHeaders headers) {
        String query =
                UriComponentsBuilder.fromUriString(uri).build().getQueryParams().getFirst("token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        for (String header : headers.getAll("Sec-WebSocket-Protocol")) {
            for (String protocol : header.split(",")) {
                String p = protocol.strip();
                if (p.startsWith(BEARER_PROTOCOL)) {
                    return p.substring(BEARER_PROTOCOL.length());
                }
            }
        }
        return null;
    }
}
