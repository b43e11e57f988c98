package dev.parley.server.config;

import dev.parley.core.account.AccessTokens;
import dev.parley.core.account.AccountService;
import dev.parley.core.account.PasswordHasher;
import dev.parley.core.account.RefreshPolicy;
import dev.parley.core.account.RefreshTokenStore;
import dev.parley.core.account.SessionEvents;
import dev.parley.core.account.UserStore;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.delivery.ChatEvents;
import dev.parley.core.message.MessageService;
import dev.parley.core.message.MessageStore;
import dev.parley.core.notify.MentionNotifier;
import dev.parley.core.notify.NotificationEvents;
import dev.parley.core.notify.NotificationService;
import dev.parley.core.notify.NotificationStore;
import dev.parley.core.social.FriendCaps;
import dev.parley.core.social.FriendService;
import dev.parley.core.social.FriendStore;
import dev.parley.core.social.PostService;
import dev.parley.core.social.PostStore;
import dev.parley.server.account.ServerSecret;
import dev.parley.server.media.ChatFiles;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The core's services, wired to the configured stores. */
@Configuration(proxyBeanMethods = false)
class ServiceConfiguration {

    @Bean
    AccountService accountService(
            UserStore users,
            RefreshTokenStore tokens,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            SessionEvents sessions,
            Clock clock,
            ParleyProperties properties,
            ServerSecret secret) {
        ParleyProperties.Auth auth = properties.auth();
        return new AccountService(
                users,
                tokens,
                hasher,
                accessTokens,
                sessions,
                clock,
                new RefreshPolicy(auth.refreshTokenTtl(), auth.refreshReuseGrace(), secret.key()));
    }

    @Bean
    ChatService chatService(ChatStore chats, UserStore users, ChatEvents events) {
        return new ChatService(chats, users, events);
    }

    @Bean
    MessageService messageService(
            MessageStore messages,
            ChatStore chats,
            ChatEvents events,
            ParleyProperties properties,
            MentionNotifier mentions,
            ChatFiles files) {
        return new MessageService(messages, chats, events, properties.limits().messageLength(), mentions, files);
    }

    /**
     * One thread looks up and notifies the people messages mention, behind a queue of 10,000
     * messages: a flood of mentions waits there, and past it is dropped with a warning, rather than
     * slowing sends. Held privately (not an {@code Executor} bean, which would stand in for Spring's
     * own task executor wherever one is looked up by type), and stopped with the context.
     */
    static final class MentionThread implements DisposableBean {

        final ThreadPoolExecutor executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "parley-mentions");
                    t.setDaemon(true);
                    return t;
                });

        @Override
        public void destroy() {
            executor.shutdown();
        }
    }

    @Bean
    MentionThread mentionThread() {
        return new MentionThread();
    }

    @Bean
    MentionNotifier mentionNotifier(
            UserStore users, ChatStore chats, NotificationService notifications, MentionThread mentionThread) {
        return new MentionNotifier(users, chats, notifications, mentionThread.executor);
    }

    @Bean
    NotificationService notificationService(NotificationStore store, NotificationEvents events, Clock clock) {
        return new NotificationService(store, events, clock);
    }

    @Bean
    FriendService friendService(
            FriendStore friends,
            UserStore users,
            NotificationService notifications,
            Clock clock,
            ParleyProperties properties) {
        ParleyProperties.Limits limits = properties.limits();
        return new FriendService(
                friends, users, notifications, clock, new FriendCaps(limits.friends(), limits.friendRequests()));
    }

    @Bean
    PostService postService(PostStore posts, FriendService friends, NotificationService notifications, Clock clock) {
        return new PostService(posts, friends, notifications, clock);
    }

    @Bean
    dev.parley.core.social.ProfileService profileService(
            dev.parley.core.social.ProfileStore profiles, FriendService friends, UserStore users, Clock clock) {
        return new dev.parley.core.social.ProfileService(profiles, friends, users, clock);
    }
}
