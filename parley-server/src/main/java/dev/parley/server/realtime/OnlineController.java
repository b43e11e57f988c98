package dev.parley.server.realtime;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.ChatService;
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

    /** The members of a chat connected now; members only. */
    @GetMapping("/api/v1/chats/{id}/online")
    Mono<Page<UserRef>> online(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> Page.of(chats.allMembers(id, caller.userId()).stream()
                .map(m -> m.user())
                .filter(u -> presence.isOnline(u.id()))
                .toList()));
    }
}
