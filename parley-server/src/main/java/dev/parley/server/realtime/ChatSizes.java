package dev.parley.server.realtime;

import dev.parley.core.chat.Chat;
import dev.parley.core.chat.ChatStore;
import dev.parley.server.web.Blocking;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Chats' member counts for limits that depend on a chat's size (typing), read from the store and
 * kept for a minute, so a chat where people type costs a read a minute, not one per keystroke.
 * Holds at most {@value #MAX_CHATS} chats (all are forgotten when that is reached).
 */
@Component
final class ChatSizes {

    private static final int MAX_CHATS = 100_000;
    private static final long TTL_NANOS = Duration.ofMinutes(1).toNanos();

    private record Size(int members, long readAtNanos) {}

    private final ChatStore chats;
    private final Blocking blocking;
    private final Map<Long, Size> sizes = new ConcurrentHashMap<>();

    ChatSizes(ChatStore chats, Blocking blocking) {
        this.chats = chats;
        this.blocking = blocking;
    }

    /** The chat's member count as read within the last minute (0 for a chat that does not exist). */
    Mono<Integer> members(long chatId) {
        long now = System.nanoTime();
        Size known = sizes.get(chatId);
        if (known != null && now - known.readAtNanos() < TTL_NANOS) {
            return Mono.just(known.members());
        }
        return blocking.call(() -> chats.find(chatId).map(Chat::memberCount).orElse(0))
                .doOnNext(members -> {
                    if (sizes.size() >= MAX_CHATS) {
                        sizes.clear();
                    }
                    sizes.put(chatId, new Size(members, now));
                });
    }
}
