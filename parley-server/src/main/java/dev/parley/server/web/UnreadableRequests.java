package dev.parley.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests the HTTP decoder cannot read get the same problem document as every other error: a
 * request line or headers too long (414 {@code uri_too_long}, 431 {@code headers_too_large}),
 * anything else malformed in them (400 {@code bad_request}). One per connection, in its pipeline
 * right after the HTTP codec.
 *
 * <p>Reactor Netty answers these itself, with an empty body, and not always: a malformed request
 * that follows a finished one on a keep-alive connection before the server has released the
 * previous exchange goes unanswered. So when no answer is being written, this answers at once and
 * closes the connection; while one is (a pipelined client), the request goes on to Reactor Netty,
 * which waits its turn. Other empty 4xx answers the server gives itself (a URI the web layer
 * cannot parse) get a problem body.
 *
 * <p>A body whose framing breaks (a malformed chunk) arrives while its request is being handled,
 * perhaps already done with: the request gets the body up to the break, so its answer says what
 * happened (a handler that reads the body refuses it as incomplete, one that ignores bodies acts),
 * and the connection closes after that answer, since nothing after the break can be trusted.
 */
final class UnreadableRequests extends ChannelDuplexHandler {

    static final String NAME = "parley.unreadableRequests";

    private final JsonMapper json;
    /** Requests passed on, and answers written to their end. */
    private int requests;

    private int answered;
    /** An answer is being written. */
    private boolean answering;
    /** This handler answered and closes the connection: anything written after is dropped. */
    private boolean closing;
    /** A body broke: the connection closes once its request is answered. */
    private boolean closeAfterAnswer;

    UnreadableRequests(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            if (answered == requests && !answering) {
                ReferenceCountUtil.release(msg);
                answer(ctx, request.decoderResult().cause());
                return;
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            if (answered < requests) {
                closeAfterAnswer = true;
                ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                ctx.close();
            }
            return;
        }
        if (msg instanceof HttpRequest) {
            requests++;
        }
        ctx.fireChannelRead(msg);
    }

    private void answer(ChannelHandlerContext ctx, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException
                ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), problem(status));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemWriter.PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closing = true;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (closing) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            answering = true;
            if (msg instanceof FullHttpResponse full && isBare(full)) {
                msg = withProblem(full);
            }
            if (closeAfterAnswer) {
                ((HttpResponse) msg).headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        if (msg instanceof LastHttpContent && answering) {
            answering = false;
            answered++;
            if (closeAfterAnswer && answered == requests) {
                ChannelPromise then = promise.unvoid();
                then.addListener(ChannelFutureListener.CLOSE);
                super.write(ctx, msg, then);
                return;
            }
        }
        super.write(ctx, msg, promise);
    }

    /** A client error with no body at all: one the HTTP server answered itself. */
    private static boolean isBare(FullHttpResponse response) {
        int status = response.status().code();
        return status >= 400
                && status < 500
                && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    }

    private FullHttpResponse withProblem(FullHttpResponse bare) {
        FullHttpResponse response = bare.replace(problem(bare.status().code()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemWriter.PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        bare.release();
        return response;
    }

    private io.netty.buffer.ByteBuf problem(int status) {
        return Unpooled.wrappedBuffer(json.writeValueAsBytes(Problems.bare(status)));
    }
}
