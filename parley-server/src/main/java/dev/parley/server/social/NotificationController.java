package dev.parley.server.social;

import dev.parley.core.notify.NotificationService;
import dev.parley.server.account.Caller;
import dev.parley.server.web.Blocking;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The notification feed: what happened while the user was away, and what is unread. */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {

    record FeedView(List<NotificationView> items, boolean hasMore, int unread) {}

    record UnreadView(int unread) {}

    record ReadRequest(Long upTo) {}

    private final NotificationService notifications;
    private final Blocking blocking;

    NotificationController(NotificationService notifications, Blocking blocking) {
        this.notifications = notifications;
        this.blocking = blocking;
    }

    /** Newest first; the next page with {@code before=<id of the last item>}. */
    @GetMapping
    Mono<FeedView> feed(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "30") int limit) {
        return blocking.call(() -> {
            NotificationService.Page page = notifications.page(caller.userId(), before, limit);
            return new FeedView(
                    page.items().stream().map(NotificationView::of).toList(), page.hasMore(), page.unread());
        });
    }

    @GetMapping("/unread")
    Mono<UnreadView> unread(@AuthenticationPrincipal Caller caller) {
        return blocking.call(() -> new UnreadView(notifications.unread(caller.userId())));
    }

    /** Marks everything up to {@code upTo} read (everything when left out). */
    @PostMapping("/read")
    Mono<UnreadView> read(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) ReadRequest body) {
        return blocking.call(
                () -> new UnreadView(notifications.markRead(caller.userId(), body == null ? null : body.upTo())));
    }
}
