package dev.parley.server.web;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses an API request whose {@code Accept} header rules out JSON (406 {@code not_acceptable})
 * before it runs. Content negotiation happens when the answer is written, after the handler: a
 * send with {@code Accept: application/xml} would otherwise be stored and then answered 406, and
 * the client, told it was refused, would send it again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class AcceptCheck implements WebFilter {

    private static final List<MediaType> ANSWERED =
            List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    private final ProblemWriter writer;

    AcceptCheck(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String accept = exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT);
        if (accept == null || !exchange.getRequest().getPath().value().startsWith("/api/") || acceptsJson(accept)) {
            return chain.filter(exchange);
        }
        return writer.write(
                exchange,
                Problem.of(
                        406,
                        "Not Acceptable",
                        "not_acceptable",
                        "this endpoint answers application/json; 'Accept: " + accept + "' rules it out"));
    }

    private static boolean acceptsJson(String accept) {
        if (accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type ->
                            type.getQualityValue() > 0 && ANSWERED.stream().anyMatch(type::isCompatibleWith));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
