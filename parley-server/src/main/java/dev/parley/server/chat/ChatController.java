package dev.parley.server.chat;

import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Role;
import dev.parley.core.chat.Visibility;
import dev.parley.core.error.ParleyException;
import dev.parley.server.account.Caller;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Enums;
import dev.parley.server.web.Page;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/chats")
class ChatController {

    record CreateRequest(String title, String visibility, List<Long> memberIds) {}

    record DirectRequest(Long userId) {}

    record AddMemberRequest(Long userId) {}

    record RoleRequest(String role) {}

    record RoleView(long chatId, long userId, String role) {}

    record ReadRequest(Long seq) {}

    record ReadView(long chatId, long readSeq) {}

    private final ChatService chats;
    private final Blocking blocking;

    ChatController(ChatService chats, Blocking blocking) {
        this.chats = chats;
        this.blocking = blocking;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ChatView> create(@AuthenticationPrincipal Caller caller, @RequestBody CreateRequest body) {
        return blocking.call(() -> ChatView.of(chats.createGroup(
                caller.userId(),
                body.title(),
                Enums.parse(Visibility.class, "visibility", body.visibility()),
                body.memberIds())));
    }

    @PostMapping("/direct")
    Mono<ChatView> direct(@AuthenticationPrincipal Caller caller, @RequestBody DirectRequest body) {
        return blocking.call(() -> ChatView.of(chats.direct(caller.userId(), required(body.userId(), "userId"))));
    }

    @GetMapping
    Mono<Page<ChatListItem>> list(@AuthenticationPrincipal Caller caller) {
        return blocking.call(() -> Page.of(
                chats.list(caller.userId()).stream().map(ChatListItem::of).toList()));
    }

    @GetMapping("/search")
    Mono<Page<ChatView>> search(
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() ->
                Page.of(chats.searchPublic(q, limit).stream().map(ChatView::of).toList()));
    }

    @GetMapping("/{id}")
    Mono<ChatView> get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> ChatView.of(chats.get(id, caller.userId())));
    }

    @PostMapping("/{id}/join")
    Mono<ChatView> join(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.call(() -> {
            chats.join(id, caller.userId());
            return ChatView.of(chats.get(id, caller.userId()));
        });
    }

    @PostMapping("/{id}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> leave(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return blocking.run(() -> chats.leave(id, caller.userId()));
    }

    @GetMapping("/{id}/members")
    Mono<Page<MemberView>> members(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        return blocking.call(() -> {
            var page = chats.members(id, caller.userId(), after, limit);
            return new Page<>(page.items().stream().map(MemberView::of).toList(), page.hasMore());
        });
    }

    /** 201 when the user was added, 200 when already a member. */
    @PostMapping("/{id}/members")
    @ApiResponse(responseCode = "201", description = "The user was added")
    @ApiResponse(responseCode = "200", description = "The user already was a member")
    Mono<ResponseEntity<Void>> addMember(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @RequestBody AddMemberRequest body) {
        return blocking.call(() -> chats.addMember(id, caller.userId(), required(body.userId(), "userId"))
                        .isPresent()
                ? ResponseEntity.status(HttpStatus.CREATED).<Void>build()
                : ResponseEntity.ok().<Void>build());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> removeMember(@AuthenticationPrincipal Caller caller, @PathVariable long id, @PathVariable long userId) {
        return blocking.run(() -> chats.removeMember(id, caller.userId(), userId));
    }

    @PatchMapping("/{id}/members/{userId}")
    Mono<RoleView> changeRole(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long id,
            @PathVariable long userId,
            @RequestBody RoleRequest body) {
        return blocking.call(() -> {
            Role role = Enums.parse(Role.class, "role", body.role());
            chats.changeRole(id, caller.userId(), userId, role);
            return new RoleView(id, userId, Enums.wire(role));
        });
    }

    @PostMapping("/{id}/read")
    Mono<ReadView> markRead(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @RequestBody ReadRequest body) {
        return blocking.call(() -> new ReadView(id, chats.markRead(id, caller.userId(), required(body.seq(), "seq"))));
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw ParleyException.invalid("missing_field", field + " is required");
        }
        return value;
    }
}
