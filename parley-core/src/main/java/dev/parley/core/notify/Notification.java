package dev.parley.core.notify;

import dev.parley.core.account.UserRef;
import java.time.Instant;

/**
 * One stored notification of {@code userId}: {@code actor} did {@code kind}; {@code postId},
 * {@code commentId} and {@code message} say on what (null when the kind has no such subject).
 */
public record Notification(
        long id,
        long userId,
        NotificationKind kind,
        UserRef actor,
        Long postId,
        Long commentId,
        MessageRef message,
        Instant createdAt,
        boolean read) {}
