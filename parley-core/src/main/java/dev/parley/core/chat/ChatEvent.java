package dev.parley.core.chat;

import java.time.Instant;

/**
 * One event of a chat's stream. {@code seq} is gap-free and strictly increasing per chat and was
 * assigned in the transaction that stored the change. {@code messageId} is set for message events,
 * {@code userId} (the member concerned) and {@code role} for membership events.
 */
public record ChatEvent(
        long chatId, long seq, EventKind kind, long actorId, Long messageId, Long userId, Role role, Instant at) {}
