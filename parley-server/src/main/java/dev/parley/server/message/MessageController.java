package dev.parley.server.message;

import dev.parley.core.message.Appended;
import dev.parley.core.message.HistoryPage;
import dev.parley.core.message.MessageService;
import dev.parley.server.account.Caller;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Page;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
@RequestMapping("/api/v1")
class MessageController {

    record SendRequest(String text, String clientMsgId, Long replyTo) {}

    record EditRequest(String text) {}

    private final MessageService messages;
    private final Blocking blocking;

    MessageController(MessageService messages, Blocking blocking) {
        this.messages = messages;
        this.blocking = blocking;
    }

    /** 201 with the new message; 200 with the original when the clientMsgId was already used. */
    @PostMapping("/chats/{chatId}/messages")
    @ApiResponse(responseCode = "201", description = "The message was stored")
    @ApiResponse(responseCode = "200", description = "This author already sent the clientMsgId: the original message")
    Mono<ResponseEntity<MessageView>> send(
            @AuthenticationPrincipal Caller caller, @PathVariable long chatId, @RequestBody SendRequest body) {
        long received = System.nanoTime();
        return blocking.call(() -> {
            Appended appended =
                    messages.send(chatId, caller.userId(), body.text(), body.clientMsgId(), body.replyTo(), received);
            return ResponseEntity.status(appended.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(MessageView.of(appended.message()));
        });
    }

    /**
     * History by seq: the newest page by default; {@code before} pages back, {@code after} pages
     * forward (oldest first unless {@code order=desc}).
     */
    @GetMapping("/chats/{chatId}/messages")
    Mono<Page<MessageView>> history(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String order) {
        return blocking.call(() -> {
            HistoryPage page = messages.history(chatId, caller.userId(), before, after, limit, newestFirst(order));
            return new Page<>(page.items().stream().map(MessageView::of).toList(), page.hasMore());
        });
    }

    /** One message by id, as history shows it (so a client can quote or jump to a reply's original). */
    @GetMapping("/chats/{chatId}/messages/{messageId}")
    Mono<MessageView> one(
            @AuthenticationPrincipal Caller caller, @PathVariable long chatId, @PathVariable long messageId) {
        return blocking.call(() -> MessageView.of(messages.message(chatId, messageId, caller.userId())));
    }

    @PatchMapping("/chats/{chatId}/messages/{messageId}")
    Mono<MessageView> edit(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @PathVariable long messageId,
            @RequestBody EditRequest body) {
        return blocking.call(() -> MessageView.of(
                messages.edit(chatId, messageId, caller.userId(), body.text()).message()));
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long chatId, @PathVariable long messageId) {
        return blocking.run(() -> messages.delete(chatId, messageId, caller.userId()));
    }

    @GetMapping("/search/messages")
    Mono<Page<MessageView>> search(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Long chatId,
            @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() -> Page.of(messages.search(caller.userId(), q, chatId, limit).stream()
                .map(MessageView::of)
                .toList()));
    }

    private static Boolean newestFirst(String order) {
        if (order == null) {
            return null;
        }
        return switch (order.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "desc", "newest" -> true;
            case "asc", "oldest" -> false;
            default ->
                throw dev.parley.core.error.ParleyException.invalid(
                        "invalid_order",
                        "order is '" + order + "'; allowed: 'desc' (newest first) or 'asc' (oldest first)");
        };
    }
}
