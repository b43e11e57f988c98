package dev.parley.core.social;

import java.time.Instant;
import java.util.List;

/**
 * Persistence of friendships and friend requests. A friendship is one row for the pair, whoever
 * asked; a request is one row per direction. Every change is one transaction, so concurrent
 * requests of a pair end in one friendship, never two or a request beside a friendship, and the
 * caps ({@link FriendCaps}) hold however many requests and acceptances run at once.
 */
public interface FriendStore {

    /** What a request did. */
    enum Requested {
        /** A new request now waits for the other side. */
        SENT,
        /** The other side had asked already: the two are friends now. */
        ACCEPTED,
        ALREADY_SENT,
        ALREADY_FRIENDS,
        /** Nothing changed: the asker has as many friends as the cap allows. */
        FULL,
        /** Nothing changed: the other has as many friends as the cap allows. */
        OTHER_FULL,
        /** Nothing changed: as many of the asker's requests as the cap allows wait for an answer. */
        TOO_MANY_PENDING
    }

    /** What an acceptance did. */
    enum Accepted {
        ACCEPTED,
        /** There was no such request. */
        NO_REQUEST,
        /** The request stays: the one accepting has as many friends as the cap allows. */
        FULL,
        /** The request stays: the one who asked has as many friends as the cap allows. */
        OTHER_FULL
    }

    /**
     * {@code from} asks {@code to}; a request the other way is accepted instead. Refused when either
     * has {@code caps.friends()} friends, or {@code from} has {@code caps.pendingRequests()} requests
     * waiting; asking again what is already asked or done answers so, whatever the caps.
     */
    Requested request(long from, long to, Instant at, FriendCaps caps);

    /** Withdraws {@code from}'s request to {@code to}; false when there was none. */
    boolean cancel(long from, long to);

    /**
     * {@code to} accepts {@code from}'s request: the request goes, the friendship comes; unless
     * either has {@code maxFriends} friends.
     */
    Accepted accept(long to, long from, Instant at, int maxFriends);

    /** {@code to} declines {@code from}'s request; false when there was none. */
    boolean decline(long to, long from);

    /** Ends a friendship for both; false when they were not friends. */
    boolean remove(long a, long b);

    Relation relation(long me, long other);

    /**
     * A page of {@code user}'s friends by user id after {@code afterUserId}, optionally only those
     * whose username or display name starts with {@code prefix} (case-insensitive; null for all).
     */
    List<Friend> friends(long user, String prefix, long afterUserId, int limit);

    /** All of a user's friends' ids (for visibility checks and the feed). */
    List<Long> friendIds(long user);

    int friendCount(long user);

    /** Requests sent to {@code user}, newest first. */
    List<FriendRequest> incoming(long user, int limit);

    /** Requests {@code user} sent, newest first. */
    List<FriendRequest> outgoing(long user, int limit);
}
