package dev.parley.server.account;

import dev.parley.core.account.User;
import dev.parley.core.presence.PresenceTracker;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Users as the API shows them, with their presence: one presence look-up for a whole list. */
@Component
public final class UserViews {

    private final PresenceTracker presence;

    UserViews(PresenceTracker presence) {
        this.presence = presence;
    }

    public Mono<UserView> of(User user) {
        return of(List.of(user)).map(views -> views.get(0));
    }

    public Mono<List<UserView>> of(List<User> users) {
        if (users.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromCompletionStage(
                        () -> presence.status(users.stream().map(User::id).toList()))
                .map(statuses -> views(users, statuses));
    }

    private static List<UserView> views(List<User> users, Map<Long, PresenceTracker.Status> statuses) {
        return users.stream()
                .map(u -> UserView.of(u, statuses.getOrDefault(u.id(), PresenceTracker.Status.UNKNOWN)))
                .toList();
    }
}
