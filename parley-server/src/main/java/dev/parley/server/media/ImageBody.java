package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A picture sent as the request body itself ({@code Content-Type: image/...}), up to a limit. */
final class ImageBody {

    private ImageBody() {}

    static Mono<byte[]> read(ServerWebExchange exchange, int maxBytes) {
        MediaType type = contentType(exchange);
        if (type == null || !"image".equals(type.getType())) {
            return Mono.error(new ParleyException(
                    ParleyException.Kind.UNSUPPORTED,
                    "unsupported_media_type",
                    "send the picture itself as image/jpeg, image/png or image/webp"));
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ParleyException(
                                ParleyException.Kind.TOO_LARGE,
                                "body_too_large",
                                "the picture is larger than " + maxBytes + " bytes"))
                .switchIfEmpty(Mono.error(ParleyException.invalid("missing_body", "send the picture as the body")))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                });
    }

    /** The request's content type; null when absent or unreadable (a bogus charset, say). */
    private static MediaType contentType(ServerWebExchange exchange) {
        String raw = exchange.getRequest().getHeaders().getFirst("Content-Type");
        try {
            return raw == null ? null : MediaType.parseMediaType(raw);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
