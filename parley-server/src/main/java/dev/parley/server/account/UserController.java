package dev.parley.server.account;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.User;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Page;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1")
class UserController {

    record ProfileRequest(String displayName) {}

    private final AccountService accounts;
    private final Blocking blocking;
    private final PresenceTracker presence;

    UserController(AccountService accounts, Blocking blocking, PresenceTracker presence) {
        this.accounts = accounts;
        this.blocking = blocking;
        this.presence = presence;
    }

    private UserView view(User user) {
        return UserView.of(user, presence);
    }

    @GetMapping("/me")
    Mono<UserView> me(@AuthenticationPrincipal Caller caller) {
        return blocking.call(() -> view(accounts.user(caller.userId())));
    }

    @PatchMapping("/me")
    Mono<UserView> updateProfile(@AuthenticationPrincipal Caller caller, @RequestBody ProfileRequest body) {
        return blocking.call(() -> view(accounts.updateProfile(caller.userId(), body.displayName())));
    }

    @GetMapping("/users")
    Mono<Page<UserView>> search(
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(
                () -> Page.of(accounts.search(q, limit).stream().map(this::view).toList()));
    }

    @GetMapping("/users/{id}")
    Mono<UserView> user(@PathVariable long id) {
        return blocking.call(() -> view(accounts.user(id)));
    }
}
