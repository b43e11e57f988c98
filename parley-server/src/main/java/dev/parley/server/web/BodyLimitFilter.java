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

    /** Avatars come as the raw picture, larger than any JSON body: they have a limit of their own. */
    static final String AVATAR = "/api/v1/me/avatar";

    private final long limit;
    private final long avatarLimit;
    private final Problems problems;
    private final ProblemWriter writer;

    BodyLimitFilter(ParleyProperties properties, Problems problems, ProblemWriter writer) {
        this.limit = properties.limits().bodySize().toBytes();
        this.avatarLimit = properties.limits().avatarSize().toBytes();
        this.problems = problems;
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean avatar = exchange.getRequest().getPath().value().equals(AVATAR);
        if (exchange.getRequest().getHeaders().getContentLength() > (avatar ? avatarLimit : limit)) {
            return writer.write(exchange, problems.tooLarge());
        }
        return chain.filter(exchange);
    }
}
