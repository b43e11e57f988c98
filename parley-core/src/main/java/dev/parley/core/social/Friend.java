package dev.parley.core.social;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** A friend, and since when. */
public record Friend(UserRef user, Instant since) {}
