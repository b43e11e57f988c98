package dev.parley.core.social;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** A friend request: {@code user} is the other side (who sent it, or who it went to). */
public record FriendRequest(UserRef user, Instant createdAt) {}
