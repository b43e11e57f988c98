package dev.parley.server.realtime;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * The server's open Netty channels, so a WebSocket session can be written to through its channel
 * (see {@link NettyTransport}). A channel leaves the group when it closes.
 */
final class SocketChannels implements NettyServerCustomizer {

    private final ChannelGroup channels = new DefaultChannelGroup("parley", ImmediateEventExecutor.INSTANCE);

    @Override
    public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> channels.add(channel));
    }

    /** The session's transport; fails when the session is not on a channel of this server. */
    Transport transport(WebSocketSession session) {
        Channel channel =
                session instanceof ReactorNettyWebSocketSession netty ? channels.find(netty.getChannelId()) : null;
        if (channel == null) {
            throw new IllegalStateException("no Netty channel for WebSocket session " + session.getId());
        }
        return new NettyTransport(channel, session);
    }
}
