package dev.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One WebSocket connection of a benchmark user, on plain Netty: a few event-loop threads serve
 * every socket, and a frame costs one pipeline pass (no reactive operators per frame, which on 2
 * cores would take CPU from the server being measured). It resumes on connect and hands every
 * frame to {@code onFrame} as text.
 */
final class Socket {

    private static final boolean EPOLL = Epoll.isAvailable();
    static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private static final int MAX_FRAME = 1 << 20;

    final CompletableFuture<Void> resumed = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Channel channel;

    /**
     * Connects and resumes with {@code chats} (a JSON object of chat id to last seq). {@code
     * localAddress} spreads sockets over 127.0.0.x source addresses (each has its own port range).
     */
    static Socket open(String wsUrl, String token, String chats, String localAddress, Consumer<String> onFrame) {
        Socket socket = new Socket();
        URI uri = URI.create(wsUrl + "?token=" + token);
        Bootstrap bootstrap = new Bootstrap()
                .group(LOOPS)
                .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(8192))
                                .addLast(new WebSocketClientProtocolHandler(
                                        WebSocketClientHandshakerFactory.newHandshaker(
                                                uri,
                                                WebSocketVersion.V13,
                                                null,
                                                false,
                                                EmptyHttpHeaders.INSTANCE,
                                                MAX_FRAME),
                                        false, // close frames come to us, with their code
                                        true,
                                        30_000)) // a server in a reconnect storm may take a while
                                .addLast(new WebSocketFrameAggregator(MAX_FRAME))
                                .addLast(socket.new Frames(chats, onFrame));
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        var connecting = localAddress == null
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(localAddress, 0));
        socket.channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                socket.resumed.completeExceptionally(f.cause());
                socket.closed.complete(-1);
            }
        });
        return socket;
    }

    /** Sends a text frame; any thread. */
    void send(String frame) {
        channel.writeAndFlush(new TextWebSocketFrame(frame), channel.voidPromise());
    }

    /** Cuts the connection, without a close frame (as a lost network does). */
    void close() {
        channel.close();
    }

    /** Closes with a close frame (1000), as a client that leaves does; cuts the connection if no answer comes in 5 s. */
    void closeGracefully() {
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
        channel.eventLoop().schedule(() -> channel.close(), 5, TimeUnit.SECONDS);
    }

    void awaitResumed(Duration timeout) {
        resumed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The socket's frames: text to the scenario, the close code to {@link #closed}. */
    private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final String chats;
        private final Consumer<String> onFrame;

        Frames(String chats, Consumer<String> onFrame) {
            this.chats = chats;
            this.onFrame = onFrame;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String body = text.text();
                if (body.startsWith("{\"type\":\"ready\"")) {
                    ctx.writeAndFlush(
                            new TextWebSocketFrame("{\"type\":\"resume\",\"id\":\"r\",\"chats\":" + chats + "}"));
                } else if (body.startsWith("{\"type\":\"resumed\"")) {
                    resumed.complete(null);
                }
                onFrame.accept(body);
            } else if (frame instanceof CloseWebSocketFrame close) {
                closed.complete(close.statusCode());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(-1);
            resumed.completeExceptionally(new IllegalStateException("the connection closed before resuming"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            resumed.completeExceptionally(cause);
            ctx.close();
        }
    }
}
