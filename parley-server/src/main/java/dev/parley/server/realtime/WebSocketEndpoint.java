package dev.parley.server.realtime;

import dev.parley.server.account.JwtAccessTokens;
import dev.parley.server.account.TokenException;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.CloseCodes;
import dev.parley.server.realtime.protocol.Frame;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * {@code GET /ws}: authenticates with the access token (the {@code token} query parameter, or a
 * {@code bearer.<token>} entry of {@code Sec-WebSocket-Protocol} next to {@code parley.v1}), then
 * runs the connection until either side closes it.
 */
@Component
final class WebSocketEndpoint implements WebSocketHandler {

    static final String SUBPROTOCOL = "parley.v1";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final String BEARER_PROTOCOL = "bearer.";

    private final JwtAccessTokens tokens;
    private final Hub hub;
    private final PresenceService presence;
    private final CommandHandler commands;
    private final Replayer replayer;
    private final Frames frames;
    private final Expiry expiry;
    private final RealtimeMetrics metrics;
    private final SocketChannels channels;
    private final ParleyProperties.Realtime settings;
    private final Connection.Settings connectionSettings;

    WebSocketEndpoint(
            JwtAccessTokens tokens,
            Hub hub,
            PresenceService presence,
            CommandHandler commands,
            Replayer replayer,
            Frames frames,
            Expiry expiry,
            RealtimeMetrics metrics,
            SocketChannels channels,
            ParleyProperties properties) {
        this.metrics = metrics;
        this.channels = channels;
        this.tokens = tokens;
        this.hub = hub;
        this.presence = presence;
        this.commands = commands;
        this.replayer = replayer;
        this.frames = frames;
        this.expiry = expiry;
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
        };
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(SUBPROTOCOL);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        String token = token(session.getHandshakeInfo());
        if (token == null) {
            return session.close(CloseCodes.UNAUTHENTICATED);
        }
        JwtAccessTokens.Verified verified;
        try {
            verified = tokens.verify(token);
        } catch (TokenException e) {
            return session.close(
                    "token_expired".equals(e.code()) ? CloseCodes.TOKEN_EXPIRED : CloseCodes.INVALID_TOKEN);
        }
        Connection c = new Connection(
                UUID.randomUUID().toString(),
                verified.userId(),
                channels.transport(session),
                connectionSettings,
                replayer,
                frames,
                new TokenBucket(settings.commandsPerSecond(), settings.commandBurst(), System.nanoTime()),
                metrics);
        c.replaceExpiry(expiry.closeAt(c, verified.expiresAt()));
        hub.register(c);
        presence.connected(c);
        c.reply(new Frame.Ready(c.userId, c.id, settings.pingInterval().toMillis(), settings.maxReplay()));
        Mono<Void> input = session.receive()
                .doOnNext(m -> metrics.frameIn())
                .concatMap(m -> commands.handle(c, m))
                .then()
                .doFinally(s -> c.ended());
        // A close frame can sit forever behind data a stalled client never reads: once the server
        // closed a connection, its socket gets CLOSE_GRACE to finish, then it is torn down.
        Mono<Void> torndown = c.closedByServer().then(Mono.delay(CLOSE_GRACE)).then();
        return Mono.firstWithSignal(input, torndown).doFinally(s -> {
            hub.unregister(c);
            presence.disconnected(c);
        });
    }

    private static String token(HandshakeInfo info) {
        String query = UriComponentsBuilder.fromUri(info.getUri())
                .build()
                .getQueryParams()
                .getFirst("token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        for (String header : info.getHeaders().getOrEmpty("Sec-WebSocket-Protocol")) {
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
