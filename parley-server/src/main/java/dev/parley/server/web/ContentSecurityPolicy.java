package dev.parley.server.web;

import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The Content-Security-Policy of everything the server answers but Swagger UI (whose bundled page
 * sets inline styles): scripts, styles, images and fonts only from this origin, no inline script or
 * style, no eval, no plugins, never framed; connections (fetch, WebSocket) only to this origin,
 * over {@code ws:} or {@code wss:} as well, named by the request's Host for browsers whose {@code
 * 'self'} does not cover WebSocket schemes. The web client under {@code static/} is written for it:
 * no inline script, style attribute or {@code innerHTML}.
 */
@Component
final class ContentSecurityPolicy implements WebFilter {

    static final String HEADER = "Content-Security-Policy";

    private static final String BASE =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
                    + " font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** A host name or address with an optional port: nothing that could end or extend the header. */
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/swagger-ui") && !path.startsWith("/swagger")) {
            exchange.getResponse()
                    .getHeaders()
                    .set(HEADER, policy(exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST)));
        }
        return chain.filter(exchange);
    }

    static String policy(String host) {
        String connect = host != null && HOST.matcher(host).matches()
                ? "connect-src 'self' ws://" + host + " wss://" + host
                : "connect-src 'self'";
        return BASE + "; " + connect;
    }
}
