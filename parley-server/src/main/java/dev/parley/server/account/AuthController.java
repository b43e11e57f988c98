package dev.parley.server.account;

import dev.parley.core.account.AccountService;
import dev.parley.core.presence.PresenceTracker;
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
    private final PresenceTracker presence;

    AuthController(AccountService accounts, Blocking blocking, PresenceTracker presence) {
        this.accounts = accounts;
        this.blocking = blocking;
        this.presence = presence;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionView> register(@RequestBody RegisterRequest body) {
        return blocking.call(() ->
                SessionView.of(accounts.register(body.username(), body.password(), body.displayName()), presence));
    }

    @PostMapping("/login")
    Mono<SessionView> login(@RequestBody LoginRequest body) {
        return blocking.call(() -> SessionView.of(accounts.login(body.username(), body.password()), presence));
    }

    @PostMapping("/refresh")
    Mono<SessionView> refresh(@RequestBody RefreshRequest body) {
        return blocking.call(() -> SessionView.of(accounts.refresh(body.refreshToken()), presence));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@RequestBody RefreshRequest body) {
        return blocking.run(() -> accounts.logout(body.refreshToken()));
    }
}
