package dev.parley.server.realtime;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.Executor;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A WebSocket on a Netty channel. Frames go straight to the channel's pipeline (its WebSocket
 * encoder) rather than through a reactive publisher per connection: no per-frame operators or task
 * hand-offs, and the byte arrays of a fan-out are wrapped, not copied. Closing goes through the
 * session, so the close handshake stays the framework's.
 */
final class NettyTransport implements Transport {

    private final Channel channel;
    private final WebSocketSession session;

    NettyTransport(Channel channel, WebSocketSession session) {
        this.channel = channel;
        this.session = session;
    }

    @Override
    public Executor ioThread() {
        return channel.eventLoop();
    }

    @Override
    public void write(byte[] frame) {
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public long unsentBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void ping() {
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    @Override
    public void close(CloseStatus status) {
        session.close(status).subscribe();
    }
}
