package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.InProcessBus;
import dev.parley.core.presence.InMemoryPresenceTracker;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.realtime.protocol.CommandParser;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/** The WebSocket endpoint at /ws, and the single-node bus and presence tracker behind it. */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

    @Bean(destroyMethod = "close")
    Bus bus() {
        return new InProcessBus();
    }

    @Bean
    PresenceTracker presenceTracker() {
        return new InMemoryPresenceTracker();
    }

    /** Netty channels by id, so connections write to their socket directly (see {@link NettyTransport}). */
    @Bean
    SocketChannels socketChannels() {
        return new SocketChannels();
    }

    /**
     * Where the store's writers answer queued writes: one thread, so answers (and the fan-out they
     * start) keep commit order and overlap the next commit; the sockets a batch of answers wrote to
     * are drained once, at its end.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService writeAnswers() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, "parley-write-answers");
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            public void execute(Runnable command) {
                super.execute(() -> Flushes.run(command));
            }
        };
    }

    @Bean
    CommandParser commandParser(JsonMapper json) {
        return new CommandParser(json);
    }

    @Bean
    HandlerMapping webSocketMapping(WebSocketEndpoint endpoint) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", endpoint), -1);
    }

    /** The handshake, with the frame size limit applied by the transport. */
    @Bean
    WebFluxConfigurer webSocketService(ParleyProperties properties) {
        // The transport reassembles fragmented messages up to 4x the limit; CommandHandler closes
        // anything above the limit itself with 1009 and a reason naming both sizes.
        int transportLimit = (int)
                Math.min(Integer.MAX_VALUE, 4 * properties.realtime().maxFrame().toBytes());
        var upgrade = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength(transportLimit)
                .handlePing(false));
        HandshakeWebSocketService service = new HandshakeWebSocketService(upgrade);
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }
}
