package dev.parley.core.chat;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/** The newest message of a chat as shown in the chat list; {@code text} is null once deleted. */
public record MessagePreview(long id, long seq, UserRef author, String text, Instant createdAt, boolean deleted) {}
