package dev.parley.core.chat;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** A user's membership of a chat; {@code readSeq} is the read cursor (0 when nothing was read). */
public record Member(UserRef user, Role role, long readSeq, Instant joinedAt) {}
