package dev.parley.core.social;

import dev.parley.core.account.UserStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.notify.NotificationKind;
import dev.parley.core.notify.NotificationService;
import java.time.Clock;
import java.util.List;

/**
 * Friendships. Rules: no request to yourself, none twice; a request to someone who already asked
 * you accepts theirs; removing a friend ends it for both; no one has more friends, or more requests
 * waiting, than the caps allow ({@link FriendCaps}). The other side is notified at once.
 */
public final class FriendService {

    public static final int PAGE_MAX = 100;

    private final FriendStore friends;
    private final UserStore users;
    private final NotificationService notifications;
    private final Clock clock;
    private final FriendCaps caps;

    public FriendService(
            FriendStore friends, UserStore users, NotificationService notifications, Clock clock, FriendCaps caps) {
        this.friends = friends;
        this.users = users;
        this.notifications = notifications;
        this.clock = clock;
        this.caps = caps;
    }

    /** Asks {@code to} to be friends; answers the relation that results. */
    public Relation request(long from, long to) {
        other(from, to);
        return switch (friends.request(from, to, clock.instant(), caps)) {
            case SENT -> {
                notifications.notify(to, NotificationKind.FRIEND_REQUEST, from, null, null);
                yield Relation.REQUEST_SENT;
            }
            case ACCEPTED -> {
                notifications.notify(to, NotificationKind.FRIEND_ACCEPTED, from, null, null);
                yield Relation.FRIENDS;
            }
            case ALREADY_SENT -> Relation.REQUEST_SENT;
            case ALREADY_FRIENDS -> Relation.FRIENDS;
            case FULL -> throw tooManyFriends();
            case OTHER_FULL -> throw theirFriendsFull(to);
            case TOO_MANY_PENDING ->
                throw ParleyException.conflict(
                        "too_many_friend_requests",
                        "you have " + caps.pendingRequests()
                                + " friend requests waiting for an answer, the most allowed: withdraw one first");
        };
    }

    public void cancel(long from, long to) {
        other(from, to);
        if (!friends.cancel(from, to)) {
            throw noRequest(to, from);
        }
    }

    public Relation accept(long me, long from) {
        other(me, from);
        // a switch expression: a new outcome of the store does not compile until it is answered here
        return switch (friends.accept(me, from, clock.instant(), caps.friends())) {
            case ACCEPTED -> {
                notifications.notify(from, NotificationKind.FRIEND_ACCEPTED, me, null, null);
                yield Relation.FRIENDS;
            }
            case NO_REQUEST -> {
                if (friends.relation(me, from) != Relation.FRIENDS) { // accepting twice changes nothing
                    throw noRequest(from, me);
                }
                yield Relation.FRIENDS;
            }
            case FULL -> throw tooManyFriends();
            case OTHER_FULL -> throw theirFriendsFull(from);
        };
    }

    public void decline(long me, long from) {
        other(me, from);
        if (!friends.decline(me, from)) {
            throw noRequest(from, me);
        }
    }

    public void remove(long me, long friend) {
        other(me, friend);
        if (!friends.remove(me, friend)) {
            throw ParleyException.notFound("not_friends", "user " + friend + " is not your friend");
        }
    }

    public Relation relation(long me, long other) {
        return me == other ? Relation.SELF : friends.relation(me, other);
    }

    public boolean areFriends(long a, long b) {
        return a != b && friends.relation(a, b) == Relation.FRIENDS;
    }

    /** A page of friends by user id after {@code after}, optionally only names starting with {@code prefix}. */
    public Paged<Friend> friends(long user, String prefix, long after, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        return Paged.of(
                friends.friends(user, prefix == null || prefix.isBlank() ? null : prefix.trim(), after, limit + 1),
                limit);
    }

    public int friendCount(long user) {
        return friends.friendCount(user);
    }

    public List<FriendRequest> incoming(long user, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        return friends.incoming(user, limit);
    }

    public List<FriendRequest> outgoing(long user, int limit) {
        ParleyException.checkLimit(limit, PAGE_MAX);
        return friends.outgoing(user, limit);
    }

    private void other(long me, long other) {
        if (me == other) {
            throw ParleyException.invalid("friend_self", "you cannot be your own friend");
        }
        if (users.findById(other).isEmpty()) {
            throw ParleyException.notFound("user_not_found", "no user " + other);
        }
    }

    private ParleyException tooManyFriends() {
        return ParleyException.conflict(
                "too_many_friends", "you have " + caps.friends() + " friends, the most allowed: remove one first");
    }

    private ParleyException theirFriendsFull(long other) {
        return ParleyException.conflict(
                "user_has_too_many_friends", "user " + other + " has " + caps.friends() + " friends, the most allowed");
    }

    private static ParleyException noRequest(long from, long to) {
        return ParleyException.notFound(
                "request_not_found", "there is no friend request from user " + from + " to user " + to);
    }
}
