package dev.parley.server.account;

import dev.parley.core.account.AccountService;
import dev.parley.core.social.ProfileService;
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

    /** Either field may be left out: only what is given changes. */
    record ProfileRequest(String displayName, String bio) {}

    private final AccountService accounts;
    private final ProfileService profiles;
    private final Blocking blocking;
    private final UserViews views;

    UserController(AccountService accounts, ProfileService profiles, Blocking blocking, UserViews views) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.blocking = blocking;
        this.views = views;
    }

    @GetMapping("/me")
    Mono<UserView> me(@AuthenticationPrincipal Caller caller) {
        return blocking.call(() -> accounts.user(caller.userId())).flatMap(views::of);
    }

    @PatchMapping("/me")
    Mono<UserView> updateProfile(@AuthenticationPrincipal Caller caller, @RequestBody ProfileRequest body) {
        return blocking.call(() -> {
                    if (body.bio() != null) {
                        profiles.updateBio(caller.userId(), body.bio());
                    }
                    return body.displayName() != null || body.bio() == null
                            ? accounts.updateProfile(caller.userId(), body.displayName())
                            : accounts.user(caller.userId());
                })
                .flatMap(views::of);
    }

    @GetMapping("/users")
    Mono<Page<UserView>> search(
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() -> accounts.search(q, limit)).flatMap(views::of).map(Page::of);
    }

    @GetMapping("/users/{id}")
    Mono<UserView> user(@PathVariable long id) {
        return blocking.call(() -> accounts.user(id)).flatMap(views::of);
    }
}
