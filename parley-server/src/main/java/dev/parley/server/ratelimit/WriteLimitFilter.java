package dev.parley.server.ratelimit;

import dev.parley.server.account.Caller;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.ProblemWriter;
import dev.parley.server.web.Problems;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-user REST write limit, like the WebSocket's commands-per-second: every POST, PUT, PATCH and
 * DELETE under {@code /api/v1} but {@code /auth/*} takes a token from the caller's bucket ({@code
 * parley.limits.write-burst} at once, refilled at {@code writes-per-second}); an empty bucket
 * answers {@code 429 rate_limited} with {@code Retry-After}. Reads are not limited. Runs after
 * authentication, so it knows the caller.
 */
@Component
@Order(0)
final class WriteLimitFilter implements WebFilter {

    private static final Set<HttpMethod> WRITES =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final BucketStore buckets;
    private final BucketConfiguration perUser;
    private final Problems problems;
    private final ProblemWriter writer;
    private final int burst;
    private final int perSecond;

    WriteLimitFilter(BucketStore buckets, ParleyProperties properties, Problems problems, ProblemWriter writer) {
        ParleyProperties.Limits limits = properties.limits();
        this.buckets = buckets;
        this.perUser = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(limits.writeBurst())
                        .refillGreedy(limits.writesPerSecond(), Duration.ofSeconds(1)))
                .build();
        this.problems = problems;
        this.writer = writer;
        this.burst = limits.writeBurst();
        this.perSecond = limits.writesPerSecond();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!WRITES.contains(exchange.getRequest().getMethod())
                || !path.startsWith("/api/v1/")
                || path.startsWith("/api/v1/auth/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(principal -> {
                    Optional<Long> user = principal
                            .filter(Authentication.class::isInstance)
                            .map(p -> ((Authentication) p).getPrincipal())
                            .filter(Caller.class::isInstance)
                            .map(c -> ((Caller) c).userId());
                    if (user.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    ConsumptionProbe probe =
                            buckets.bucket("write:" + user.get(), () -> perUser).tryConsumeAndReturnRemaining(1);
                    if (probe.isConsumed()) {
                        return chain.filter(exchange);
                    }
                    return writer.write(
                            exchange,
                            problems.from(new RateLimited(
                                    "too many writes: at most " + burst + " at once, then " + perSecond + " a second",
                                    Duration.ofNanos(probe.getNanosToWaitForRefill()))));
                });
    }
}
