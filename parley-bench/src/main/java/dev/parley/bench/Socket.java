package dev.parley.bench;

import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * One WebSocket connection of a benchmark user, on Reactor Netty (no thread per connection). It
 * resumes on connect and hands every frame to {@code onFrame} as text.
 */
final class Socket {

    static final LoopResources LOOPS =
            LoopResources.create("bench", Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    final CompletableFuture<Void> resumed = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Disposable connection;

    /**
     * Connects and resumes with {@code chats} (a JSON object of chat id to last seq). {@code
     * localAddress} spreads sockets over 127.0.0.x source addresses (each has its own port range).
     */
    static Socket open(String wsUrl, String token, String chats, String localAddress, Consumer<String> onFrame) {
        Socket socket = new Socket();
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(LOOPS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        if (localAddress != null) {
            client = client.bindAddress(() -> new InetSocketAddress(localAddress, 0));
        }
        socket.connection = client.websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(1 << 20)
                        .build())
                .uri(wsUrl + "?token=" + token)
                .handle((in, outbound) -> {
                    in.receiveCloseStatus().subscribe(status -> socket.closed.complete(status.code()));
                    Mono<Void> receive = in.aggregateFrames(1 << 20)
                            .receive()
                            .asString(StandardCharsets.UTF_8)
                            .doOnNext(text -> {
                                if (text.startsWith("{\"type\":\"ready\"")) {
                                    socket.send("{\"type\":\"resume\",\"id\":\"r\",\"chats\":" + chats + "}");
                                } else if (text.startsWith("{\"type\":\"resumed\"")) {
                                    socket.resumed.complete(null);
                                }
                                onFrame.accept(text);
                            })
                            .then();
                    return outbound.sendString(socket.out.asFlux()).then().and(receive);
                })
                .doFinally(s -> socket.closed.complete(-1))
                .subscribe(ignored -> {}, error -> {
                    socket.resumed.completeExceptionally(error);
                    socket.closed.complete(-1);
                });
        return socket;
    }

    synchronized void send(String frame) {
        out.tryEmitNext(frame);
    }

    void close() {
        out.tryEmitComplete();
        if (connection != null) {
            connection.dispose();
        }
    }

    void awaitResumed(Duration timeout) {
        resumed.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .join();
    }
}
