package dev.parley.core.notify;

import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.message.Mentions;
import dev.parley.core.message.Message;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Notifies the people a new message mentions, if they are members of its chat (a mention of
 * someone outside the chat tells them nothing, not even that the chat exists). The names are
 * looked up and the notifications stored on {@code work}, never on the thread that answers the
 * send: a mention costs the sender no wait.
 */
public final class MentionNotifier implements Mentions.Listener {

    private static final System.Logger LOG = System.getLogger(MentionNotifier.class.getName());

    private final UserStore users;
    private final ChatStore chats;
    private final NotificationService notifications;
    private final Executor work;

    public MentionNotifier(UserStore users, ChatStore chats, NotificationService notifications, Executor work) {
        this.users = users;
        this.chats = chats;
        this.notifications = notifications;
        this.work = work;
    }

    @Override
    public void mentioned(Message message, Set<String> usernames) {
        try {
            work.execute(() -> {
                try {
                    notifyMembers(message, usernames);
                } catch (RuntimeException e) { // the store is down, say: the message stays sent
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "mentions in message {0} not notified: {1}",
                            message.id(),
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "mentions in message {0} not notified: {1}",
                    message.id(),
                    e.getMessage());
        }
    }

    /** Runs the lookups and writes now, on the caller's thread. */
    public void notifyMembers(Message message, Set<String> usernames) {
        long author = message.author().id();
        MessageRef ref = new MessageRef(message.chatId(), message.id(), message.seq());
        for (User user : users.findByUsernames(usernames)) {
            if (user.id() != author
                    && chats.membership(message.chatId(), user.id()).isPresent()) {
                notifications.mentioned(user.id(), author, ref);
            }
        }
    }
}
