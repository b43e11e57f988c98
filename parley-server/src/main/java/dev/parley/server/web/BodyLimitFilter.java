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

    /** Pictures come raw, larger than any JSON body: avatars and posts' pictures have limits of their own. */
    static final String AVATAR = "/api/v1/me/avatar";

    static final String POST_IMAGES = "/api/v1/posts/images";

    /** A chat's uploads: streamed, with the file size limit (checked again while the body is read). */
    private static final java.util.regex.Pattern UPLOADS =
            java.util.regex.Pattern.compile("/api/v1/chats/[^/]+/uploads");

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
        String path = exchange.getRequest().getPath().value();
        long allowed = path.equals(AVATAR)
                ? avatarLimit
                : path.equals(POST_IMAGES) ? imageLimit : UPLOADS.matcher(path).matches() ? fileLimit : limit;
        if (exchange.getRequest().getHeaders().getContentLength() > allowed) {
            return writer.write(exchange, problems.tooLarge());
        }
        return chain.filter(exchange);
    }
}
