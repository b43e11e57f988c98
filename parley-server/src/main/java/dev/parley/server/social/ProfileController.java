package dev.parley.server.social;

import dev.parley.core.social.ProfileService;
import dev.parley.server.account.Caller;
import dev.parley.server.account.UserView;
import dev.parley.server.account.UserViews;
import dev.parley.server.web.Blocking;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A person's page: who they are, their bio, how many friends, and how the viewer stands to them. */
@RestController
class ProfileController {

    record ProfileView(
            UserView user, String bio, java.util.Map<String, String> avatar, int friendCount, String relation) {}

    private final ProfileService profiles;
    private final UserViews views;
    private final Blocking blocking;

    ProfileController(ProfileService profiles, UserViews views, Blocking blocking) {
        this.profiles = profiles;
        this.views = views;
        this.blocking = blocking;
    }

    @GetMapping("/api/v1/users/{id}/profile")
    Mono<ProfileView> profile(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> profiles.profile(caller.userId(), id))
                .flatMap(seen -> views.of(seen.user())
                        .map(user -> new ProfileView(
                                user,
                                seen.profile().bio(),
                                dev.parley.server.media.AvatarController.urls(
                                        seen.profile().avatar()),
                                seen.friendCount(),
                                seen.relation().wire())));
    }
}
