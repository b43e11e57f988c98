package dev.parley.server.realtime;

import dev.parley.core.text.Text;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * A WebSocket's own handler in its Netty pipeline, just before Reactor Netty's: it refuses text
 * that is not UTF-8, tells the outbox when the socket can take more, and closes gracefully. Once
 * the server has sent its close frame, input is still read (and dropped) until the client's close
 * frame arrives, then the socket is closed: unread input would otherwise turn the close into a TCP
 * reset, and the client would never see the close frame, nor what was sent before it.
 */
final class SocketHandler extends ChannelDuplexHandler {

    /** What the handler reports to the connection. */
    interface Events {
        /** The socket can take more after it could not (on its I/O thread). */
        void writable();

        /** A text frame that is not UTF-8 arrived (dropped). */
        void invalidText();
    }

    private volatile Events events;
    private volatile boolean closing;
    private ChannelHandlerContext context;

    void events(Events events) {
        this.events = events;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    /**
     * Sends the close frame after what was written before it; from then on input is dropped until
     * the client's close frame arrives. On the socket's I/O thread.
     */
    void close(CloseStatus status) {
        if (closing || context == null || !context.channel().isActive()) {
            return;
        }
        closing = true;
        context.writeAndFlush(new CloseWebSocketFrame(status.getCode(), status.getReason()));
    }

    /** Closes the socket now (a client that never answered the close frame). */
    void abort() {
        if (context != null) {
            context.channel().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            if (msg instanceof CloseWebSocketFrame) {
                ctx.close(); // the close handshake is complete
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof TextWebSocketFrame text && !isUtf8(text.content())) {
            ReferenceCountUtil.release(msg);
            Events e = events;
            if (e != null) {
                e.invalidText();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Events e = events;
        if (ctx.channel().isWritable() && e != null) {
            e.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Strict UTF-8: no malformed or overlong sequence, no encoded surrogate, nothing past U+10FFFF. */
    static boolean isUtf8(ByteBuf content) {
        if (content.forEachByte(b -> b >= 0) == -1) {
            return true; // ASCII, as most frames are
        }
        ByteBuffer bytes = content.nioBufferCount() == 1
                ? content.nioBuffer()
                : ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(content));
        return Text.malformedUtf8At(bytes) < 0;
    }

    /**
     * Goes before Netty's WebSocket frame decoder, which closes a frame above the transport's limit
     * itself with 1009 and a reason of its own: the close frame leaves with the documented reason
     * instead (the frame's exact size is not known then, only that it passed the limit). The
     * decoder then closes the socket at once, while the client is still writing the frame that
     * was too big: the unread input would turn that close into a TCP reset, and the client would
     * never read the close frame. So after that close frame, the socket's output is shut down
     * (the client reads the frame, then the end of the stream), the decoder drops what still
     * arrives, and the socket closes when the client closes its side or after a timeout.
     */
    static final class TooBigReason extends ChannelOutboundHandlerAdapter {
        private static final long LINGER_MILLIS = 5_000;

        private final long transportLimit;
        private final long limit;
        private ChannelPromise tooBigWritten; // the documented close frame's write, once sent
        private boolean lingering;

        TooBigReason(long transportLimit, long limit) {
            this.transportLimit = transportLimit;
            this.limit = limit;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof CloseWebSocketFrame close
                    && close.statusCode() == 1009
                    && !close.reasonText().startsWith("message is")) {
                close.release();
                promise = promise.unvoid();
                tooBigWritten = promise;
                msg = new CloseWebSocketFrame(
                        1009, "message is more than " + transportLimit + " bytes; the limit is " + limit);
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            if (tooBigWritten == null || !(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
                super.close(ctx, promise);
                return;
            }
            duplex.closeFuture().addListener(closed -> promise.trySuccess());
            if (!lingering) { // later closes (the decoder's, the connection's) wait for the same end
                lingering = true;
                tooBigWritten.addListener(written -> duplex.shutdownOutput());
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
