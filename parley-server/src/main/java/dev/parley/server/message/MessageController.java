package dev.parley.server.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.message.Appended;
import dev.parley.core.message.HistoryPage;
import dev.parley.core.message.Message;
import dev.parley.core.message.MessageService;
import dev.parley.core.message.Reacted;
import dev.parley.server.account.Caller;
import dev.parley.server.media.FileLinks;
import dev.parley.server.web.Blocking;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1")
class MessageController {

    record SendRequest(String text, String clientMsgId, Long replyTo, List<String> attachments) {}

    record EditRequest(String text, List<String> removeAttachments) {}

    private final MessageService messages;
    private final Blocking blocking;
    private final FileLinks links;

    MessageController(MessageService messages, Blocking blocking, FileLinks links) {
        this.messages = messages;
        this.blocking = blocking;
        this.links = links;
    }

    private MessageView view(dev.parley.core.message.Message message) {
        return MessageView.of(message, links);
    }

    /** 201 with the new message; 200 with the original when the clientMsgId was already used. */
    @PostMapping("/chats/{chatId}/messages")
    @ApiResponse(responseCode = "201", description = "The message was stored")
    @ApiResponse(responseCode = "200", description = "This author already sent the clientMsgId: the original message")
    Mono<ResponseEntity<MessageView>> send(
            @AuthenticationPrincipal Caller caller, @PathVariable long chatId, @RequestBody SendRequest body) {
        long received = System.nanoTime();
        return blocking.call(() -> {
            Appended appended = messages.send(
                    chatId,
                    caller.userId(),
                    body.text(),
                    body.clientMsgId(),
                    body.replyTo(),
                    body.attachments() == null ? List.of() : body.attachments(),
                    received);
            // a new message has no reactions yet; a retry's original may have some
            Message message = appended.created()
                    ? appended.message().withReactions(List.of())
                    : messages.withReactions(appended.message(), caller.userId());
            return ResponseEntity.status(appended.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(view(message));
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
            return new Page<>(page.items().stream().map(this::view).toList(), page.hasMore());
        });
    }

    /** One message by id, as history shows it (so a client can quote or jump to a reply's original). */
    @GetMapping("/chats/{chatId}/messages/{messageId}")
    Mono<MessageView> one(
            @AuthenticationPrincipal Caller caller, @PathVariable long chatId, @PathVariable long messageId) {
        return blocking.call(() -> view(messages.message(chatId, messageId, caller.userId())));
    }

    @PatchMapping("/chats/{chatId}/messages/{messageId}")
    Mono<MessageView> edit(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @PathVariable long messageId,
            @RequestBody EditRequest body) {
        return blocking.call(
                () -> view(messages.edit(chatId, messageId, caller.userId(), body.text(), body.removeAttachments())
                        .message()));
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long chatId, @PathVariable long messageId) {
        return blocking.run(() -> messages.delete(chatId, messageId, caller.userId()));
    }

    /**
     * The caller's reaction with an emoji (the path segment, URL-encoded) to a message: {@code PUT}
     * adds it, {@code DELETE} removes it; both are idempotent.
     */
    @PutMapping("/chats/{chatId}/messages/{messageId}/reactions/{emoji}")
    @ApiResponse(responseCode = "200", description = "The reaction is there; seq is absent when it already was")
    Mono<ReactionView> react(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @PathVariable long messageId,
            @PathVariable String emoji) {
        return reaction(caller, chatId, messageId, emoji, true);
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}/reactions/{emoji}")
    @ApiResponse(responseCode = "200", description = "The reaction is gone; seq is absent when it was not there")
    Mono<ReactionView> unreact(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @PathVariable long messageId,
            @PathVariable String emoji) {
        return reaction(caller, chatId, messageId, emoji, false);
    }

    private Mono<ReactionView> reaction(Caller caller, long chatId, long messageId, String emoji, boolean add) {
        return blocking.call(() -> {
            Reacted reacted = messages.react(chatId, messageId, caller.userId(), emoji, add);
            return new ReactionView(
                    messageId,
                    emoji,
                    reacted.count(),
                    add,
                    reacted.event().map(ChatEvent::seq).orElse(null));
        });
    }

    /** A reaction after a change: the count now, whether it is mine, and the event's seq (absent when nothing changed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReactionView(long messageId, String emoji, int count, boolean mine, Long seq) {}

    @GetMapping("/search/messages")
    Mono<Page<MessageView>> search(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Long chatId,
            @RequestParam(defaultValue = "20") int limit) {
        return blocking.call(() -> Page.of(messages.search(caller.userId(), q, chatId, limit).stream()
                .map(this::view)
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
