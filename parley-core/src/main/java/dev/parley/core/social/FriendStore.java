package dev.parley.core.social;

import java.time.Instant;
import java.util.List;

/**
 * Persistence of friendships and friend requests. A friendship is one row for the pair, whoever
 * asked; a request is one row per direction. Every change is one transaction, so concurrent
 * requests of a pair end in one friendship, never two or a request beside a friendship.
 */
public interface FriendStore {

    /** What a request did. */
    enum Requested {
        /** A new request now waits for the other side. */
        SENT,
        /** The other side had asked already: the two are friends now. */
        ACCEPTED,
        ALREADY_SENT,
        ALREADY_FRIENDS
    }

    /** {@code from} asks {@code to}; a request the other way is accepted instead. */
    Requested request(long from, long to, Instant at);

    /** Withdraws {@code from}'s request to {@code to}; false when there was none. */
    boolean cancel(long from, long to);

    /** {@code to} accepts {@code from}'s request: the request goes, the friendship comes; false when there was none. */
    boolean accept(long to, long from, Instant at);

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
