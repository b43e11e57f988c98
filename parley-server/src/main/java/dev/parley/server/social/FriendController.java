package dev.parley.server.social;

import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.core.social.Friend;
import dev.parley.core.social.FriendRequest;
import dev.parley.core.social.FriendService;
import dev.parley.core.social.Paged;
import dev.parley.core.social.Relation;
import dev.parley.server.account.Caller;
import dev.parley.server.account.UserView;
import dev.parley.server.account.UserViews;
import dev.parley.server.web.Blocking;
import dev.parley.server.web.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Friends and friend requests. */
@RestController
@RequestMapping("/api/v1/friends")
class FriendController {

    record FriendRequestBody(Long userId) {}

    record RelationView(long userId, String relation) {
        static RelationView of(long userId, Relation relation) {
            return new RelationView(userId, relation.wire());
        }
    }

    record RequestView(dev.parley.core.account.UserRef user, Instant createdAt) {
        static RequestView of(FriendRequest r) {
            return new RequestView(r.user(), r.createdAt());
        }
    }

    private final FriendService friends;
    private final UserStore users;
    private final UserViews views;
    private final PresenceTracker presence;
    private final Blocking blocking;

    FriendController(
            FriendService friends, UserStore users, UserViews views, PresenceTracker presence, Blocking blocking) {
        this.friends = friends;
        this.users = users;
        this.views = views;
        this.presence = presence;
        this.blocking = blocking;
    }

    /**
     * My friends by user id ({@code after=<last id>} for the next page), optionally only those whose
     * name starts with {@code q}, or only those online now.
     */
    @GetMapping
    Mono<Page<UserView>> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "false") boolean online,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "50") int limit) {
        ParleyException.checkLimit(limit, FriendService.PAGE_MAX); // the online path asks the store for PAGE_MAX
        if (!online) {
            return blocking.call(() -> friends.friends(caller.userId(), q, after, limit))
                    .flatMap(page -> page(page.items(), page.hasMore()));
        }
        // one more than the page, to know whether there is a next one
        return online(caller.userId(), q, after, limit + 1)
                .flatMap(connected -> page(connected.stream().limit(limit).toList(), connected.size() > limit));
    }

    /**
     * Up to {@code wanted} of my friends after {@code after} who are online, in id order, found by
     * reading my friends a window at a time (one read, then the presence of the whole window in one
     * look-up), one window after another, until enough are found or the friends run out.
     */
    private Mono<List<Friend>> online(long me, String q, long after, int wanted) {
        Scan scan = new Scan(after);
        return Mono.defer(() -> blocking.call(() -> friends.friends(me, q, scan.after, FriendService.PAGE_MAX)))
                .flatMap(window -> Mono.fromCompletionStage(() -> presence.status(
                                window.items().stream().map(f -> f.user().id()).toList()))
                        .defaultIfEmpty(Map.of()) // no answer: none of them online, and the scan moves on
                        .doOnNext(statuses -> scan.take(window, statuses, wanted)))
                // each round starts after the last ended (repeat resubscribes in turn, without nesting)
                .repeat(() -> scan.more && scan.found.size() < wanted)
                .then(Mono.fromSupplier(() -> scan.found));
    }

    /** Where a scan for online friends is: touched by one window's round at a time. */
    private static final class Scan {
        final List<Friend> found = new ArrayList<>();
        long after;
        boolean more = true;

        Scan(long after) {
            this.after = after;
        }

        void take(Paged<Friend> window, Map<Long, PresenceTracker.Status> statuses, int wanted) {
            window.items().stream()
                    .filter(f -> statuses.getOrDefault(f.user().id(), PresenceTracker.Status.UNKNOWN)
                            .online())
                    .limit(wanted - found.size())
                    .forEach(found::add);
            more = window.hasMore();
            if (more) {
                after = window.items().get(window.items().size() - 1).user().id();
            }
        }
    }

    private Mono<Page<UserView>> page(List<Friend> rows, boolean more) {
        List<Long> ids = rows.stream().map(f -> f.user().id()).toList();
        return blocking.call(() -> users.findAll(ids).stream()
                        .sorted(Comparator.comparingLong(User::id))
                        .toList())
                .flatMap(views::of)
                .map(items -> new Page<>(items, more));
    }

    @GetMapping("/requests/incoming")
    Mono<Page<RequestView>> incoming(
            @AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "50") int limit) {
        return blocking.call(() -> Page.of(friends.incoming(caller.userId(), limit).stream()
                .map(RequestView::of)
                .toList()));
    }

    @GetMapping("/requests/outgoing")
    Mono<Page<RequestView>> outgoing(
            @AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "50") int limit) {
        return blocking.call(() -> Page.of(friends.outgoing(caller.userId(), limit).stream()
                .map(RequestView::of)
                .toList()));
    }

    /** Asks someone to be friends; if they had asked me, we are friends now. */
    @PostMapping("/requests")
    Mono<RelationView> request(@AuthenticationPrincipal Caller caller, @RequestBody FriendRequestBody body) {
        if (body.userId() == null) {
            throw ParleyException.invalid("missing_field", "userId is required");
        }
        return blocking.call(() -> RelationView.of(body.userId(), friends.request(caller.userId(), body.userId())));
    }

    @DeleteMapping("/requests/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> cancel(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        return blocking.run(() -> friends.cancel(caller.userId(), userId));
    }

    @PostMapping("/requests/{userId}/accept")
    Mono<RelationView> accept(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        return blocking.call(() -> RelationView.of(userId, friends.accept(caller.userId(), userId)));
    }

    @PostMapping("/requests/{userId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> decline(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        return blocking.run(() -> friends.decline(caller.userId(), userId));
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        return blocking.run(() -> friends.remove(caller.userId(), userId));
    }
}
