package dev.parley.server.web;

import dev.parley.server.config.ParleyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Request body limits and the problem mapping. */
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
}
