package dev.parley.core.testing;

import dev.parley.core.account.RefreshTokenStore;
import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.delivery.StreamStore;
import dev.parley.core.message.MessageStore;
import java.util.concurrent.atomic.AtomicInteger;

/** One set of store implementations over one fresh database, as a contract suite needs them. */
public record Stores(
        UserStore users,
        ChatStore chats,
        MessageStore messages,
        RefreshTokenStore refreshTokens,
        StreamStore streams,
        dev.parley.core.social.FriendStore friends,
        dev.parley.core.social.PostStore posts,
        dev.parley.core.social.ProfileStore profiles,
        dev.parley.core.notify.NotificationStore notifications,
        dev.parley.core.media.PendingErasures erasures,
        AutoCloseable closer)
        implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A new user with a unique name. */
    public User user() {
        String name = "user" + NAMES.incrementAndGet();
        return users.create(name, "User " + name, "hash").orElseThrow();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
