package dev.parley.server.account;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Session;
import dev.parley.server.web.Blocking;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    record RegisterRequest(String username, String password, String displayName) {}

    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    private final AccountService accounts;
    private final Blocking blocking;
    private final UserViews users;

    AuthController(AccountService accounts, Blocking blocking, UserViews users) {
        this.accounts = accounts;
        this.blocking = blocking;
        this.users = users;
    }

    private Mono<SessionView> view(Session session) {
        return users.of(session.user()).map(user -> SessionView.of(session, user));
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionView> register(@RequestBody RegisterRequest body) {
        return blocking.call(() -> accounts.register(body.username(), body.password(), body.displayName()))
                .flatMap(this::view);
    }

    @PostMapping("/login")
    Mono<SessionView> login(@RequestBody LoginRequest body) {
        return blocking.call(() -> accounts.login(body.username(), body.password()))
                .flatMap(this::view);
    }

    @PostMapping("/refresh")
    Mono<SessionView> refresh(@RequestBody RefreshRequest body) {
        return blocking.call(() -> accounts.refresh(body.refreshToken())).flatMap(this::view);
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@RequestBody RefreshRequest body) {
        return blocking.run(() -> accounts.logout(body.refreshToken()));
    }
}
