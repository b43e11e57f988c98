package dev.parley.server.realtime;

import dev.parley.server.realtime.protocol.CloseCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Closes a connection with 4003 token_expired when its access token runs out (unless an auth command renewed it). */
@Component
final class Expiry {

    private final Clock clock;

    Expiry(Clock clock) {
        this.clock = clock;
    }

    Disposable closeAt(Connection c, Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt);
        return Mono.delay(left.isNegative() ? Duration.ZERO : left).subscribe(t -> c.close(CloseCodes.TOKEN_EXPIRED));
    }
}
