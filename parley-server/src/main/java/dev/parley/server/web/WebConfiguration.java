package dev.parley.server.web;

import dev.parley.server.config.ParleyProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/** Request body limits and the problem mapping, also for answers the HTTP server gives itself. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

    private final int bodyLimit;

    WebConfiguration(ParleyProperties properties) {
        this.bodyLimit = (int) properties.limits().bodySize().toBytes();
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(bodyLimit);
    }

    @Bean
    Problems problems() {
        return new Problems(bodyLimit);
    }

    @Bean
    NettyServerCustomizer unreadableRequests(JsonMapper json) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, UnreadableRequests.NAME, new UnreadableRequests(json));
            }
        });
    }
}
