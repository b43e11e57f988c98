package dev.parley.server.account;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Session;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.ratelimit.AuthLimits;
import dev.parley.server.ratelimit.RateLimited;
import dev.parley.server.web.Blocking;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Registration, login and tokens. Each call is first throttled ({@link AuthLimits}); those that hash
 * a password (register, login) then run on a small pool of their own ({@code
 * parley.auth.hash-threads}, with at most {@code hash-queue} waiting, more are refused with 429), so
 * a flood of logins cannot take the store threads from everything else.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController implements DisposableBean {

    record RegisterRequest(String username, String password, String displayName) {}

    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    private final AccountService accounts;
    private final Blocking blocking;
    private final Blocking hashing;
    private final UserViews users;
    private final AuthLimits limits;

    AuthController(
            AccountService accounts,
            Blocking blocking,
            UserViews users,
            AuthLimits limits,
            ParleyProperties properties) {
        this.accounts = accounts;
        this.blocking = blocking;
        this.users = users;
        this.limits = limits;
        this.hashing = new Blocking(
                properties.auth().passwordHashThreads(), properties.auth().hashQueue(), "parley-hash");
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionView> register(@RequestBody RegisterRequest body, ServerHttpRequest request) {
        return Mono.defer(() -> {
            limits.register(address(request));
            return hashed(hashing.call(() -> accounts.register(body.username(), body.password(), body.displayName())))
                    .flatMap(this::view);
        });
    }

    @PostMapping("/login")
    Mono<SessionView> login(@RequestBody LoginRequest body, ServerHttpRequest request) {
        return Mono.defer(() -> {
            AuthLimits.Attempt attempt = limits.login(body.username(), address(request));
            return hashed(hashing.call(() -> {
                        Session session = accounts.login(body.username(), body.password());
                        attempt.succeeded();
                        return session;
                    }))
                    .flatMap(this::view);
        });
    }

    @PostMapping("/refresh")
    Mono<SessionView> refresh(@RequestBody RefreshRequest body, ServerHttpRequest request) {
        return Mono.defer(() -> {
            limits.refresh(address(request));
            return blocking.call(() -> accounts.refresh(body.refreshToken())).flatMap(this::view);
        });
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@RequestBody RefreshRequest body) {
        return blocking.run(() -> accounts.logout(body.refreshToken()));
    }

    private Mono<SessionView> view(Session session) {
        return users.of(session.user()).map(user -> SessionView.of(session, user));
    }

    /** The hashing pool's queue is full: as many logins as it holds are waiting already. */
    private static <T> Mono<T> hashed(Mono<T> work) {
        return work.onErrorMap(
                RejectedExecutionException.class,
                e -> new RateLimited("too many logins and registrations at once", Duration.ofSeconds(1)));
    }

    /** The client's address (the proxy's, unless server.forward-headers-strategy trusts X-Forwarded-For). */
    private static String address(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        // a forwarded address is unresolved: its host string is the client's address
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    @Override
    public void destroy() {
        hashing.destroy();
    }
}
