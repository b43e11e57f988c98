package dev.parley.server.web;

import dev.parley.server.config.ParleyProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a body whose declared length exceeds the limit before reading any of it. Bodies sent
 * without a length are cut off by the codec limit instead, with the same answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class BodyLimitFilter implements WebFilter {

    private final long limit;
    private final long avatarLimit;
    private final long imageLimit;
    private final long fileLimit;
    private final Problems problems;
    private final ProblemWriter writer;

    BodyLimitFilter(ParleyProperties properties, Problems problems, ProblemWriter writer) {
        this.limit = properties.limits().bodySize().toBytes();
        this.avatarLimit = properties.limits().avatarSize().toBytes();
        this.imageLimit = properties.limits().imageSize().toBytes();
        this.fileLimit = properties.limits().fileSize().toBytes();
        this.problems = problems;
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long allowed = FileBody.of(exchange.getRequest().getPath().value())
                .map(file -> switch (file) {
                    // pictures come raw, larger than any JSON body, and a chat's files larger still
                    case AVATAR -> avatarLimit;
                    case POST_IMAGE -> imageLimit;
                    case CHAT_UPLOAD -> fileLimit; // checked again while the body is read
                })
                .orElse(limit);
        if (exchange.getRequest().getHeaders().getContentLength() > allowed) {
            return writer.write(exchange, problems.tooLarge());
        }
        return chain.filter(exchange);
    }
}
