package dev.parley.core.social;

/**
 * How many friends one user may have, and how many of their requests may wait for an answer at
 * once: a user's friends are read whole for the feed and every post's visibility, and requests are
 * what a spammer sends.
 */
public record FriendCaps(int friends, int pendingRequests) {

    public FriendCaps {
        if (friends < 1 || pendingRequests < 1) {
            throw new IllegalArgumentException("friend caps must be at least 1: " + friends + ", " + pendingRequests);
        }
    }
}
