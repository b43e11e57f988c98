package dev.parley.server.realtime;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Member;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.account.Caller;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Page;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class OnlineController {

    private final ChatService chats;
    private final PresenceTracker presence;
    private final Blocking blocking;

    OnlineController(ChatService chats, PresenceTracker presence, Blocking blocking) {
        this.chats = chats;
        this.presence = presence;
        this.blocking = blocking;
    }

    /**
     * The members of a chat connected now, on any node (one presence look-up for all of them);
     * members only.
     */
    @GetMapping("/api/v1/chats/{id}/online")
    Mono<Page<UserRef>> online(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> chats.allMembers(id, caller.userId()).stream()
                        .map(Member::user)
                        .toList())
                .flatMap(members -> Mono.fromCompletionStage(() -> presence.status(
                                members.stream().map(UserRef::id).toList()))
                        .map(status -> Page.of(members.stream()
                                .filter(u -> status.getOrDefault(u.id(), PresenceTracker.Status.UNKNOWN)
                                        .online())
                                .toList())));
    }
}
