package dev.parley.server.realtime;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.Executor;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * A WebSocket on a Netty channel. Frames go straight to the channel's pipeline (its WebSocket
 * encoder) rather than through a reactive publisher per connection: no per-frame operators or task
 * hand-offs, and the byte arrays of a fan-out are wrapped, not copied. The close handshake is the
 * connection's own {@link SocketHandler}'s.
 */
final class NettyTransport implements Transport {

    private final Channel channel;
    private final SocketHandler handler;

    NettyTransport(Channel channel, SocketHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public Executor ioThread() {
        return channel.eventLoop();
    }

    @Override
    public void write(byte[] frame) {
        if (!channel.isActive()) {
            return; // closed under us: the frames of a gone socket are dropped (it resumes)
        }
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean writable() {
        return channel.isWritable() || !channel.isActive();
    }

    @Override
    public long unsentBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void ping() {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    @Override
    public void close(CloseStatus status) {
        handler.close(status);
    }

    @Override
    public void abort() {
        handler.abort();
    }
}
