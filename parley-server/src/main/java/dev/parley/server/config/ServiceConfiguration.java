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
import dev.parley.server.account.ServerSecret;
import java.time.Clock;
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
            MessageStore messages, ChatStore chats, ChatEvents events, ParleyProperties properties) {
        return new MessageService(messages, chats, events, properties.limits().messageLength());
    }
}
