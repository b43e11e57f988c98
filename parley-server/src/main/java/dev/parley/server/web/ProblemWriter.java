package dev.parley.server.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link Problem} as the response, from anywhere: handlers, filters, security. */
@Component
public final class ProblemWriter {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted() || answeredByServer(exchange)) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        response.getHeaders().setContentType(PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        byte[] body = json.writeValueAsBytes(
                problem.at(exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /**
     * Reactor Netty has answered the request itself (a body whose framing it could not decode, sent
     * 400 while the request was being handled): nothing more can be written.
     */
    static boolean answeredByServer(ServerWebExchange exchange) {
        return ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse())
                        instanceof reactor.netty.http.server.HttpServerResponse r
                && r.hasSentHeaders();
    }

    /** The same, for a route served by Reactor Netty itself (ahead of WebFlux: the WebSocket upgrade). */
    public Mono<Void> write(reactor.netty.http.server.HttpServerResponse response, String path, Problem problem) {
        return response.status(problem.status())
                .header(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON.toString())
                .sendByteArray(Mono.just(json.writeValueAsBytes(problem.at(path))))
                .then();
    }
}
