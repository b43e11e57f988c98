package dev.parley.core.message;

import dev.parley.core.account.User;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.Visibility;
import dev.parley.core.testing.StoreContract;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** Base of the message contracts: each test starts with alice and bob in a private group of their own. */
public abstract class InAGroupContract extends StoreContract {

    protected User alice;
    protected User bob;
    protected Chat chat;

    @BeforeEach
    void aliceAndBobInAGroup() {
        alice = stores.user();
        bob = stores.user();
        chat = stores.chats().createGroup(alice.id(), "Room", Visibility.PRIVATE, List.of(bob.id()));
    }

    /** A message of {@code author} in the group. */
    protected Appended send(User author, String clientMsgId, String text) {
        return stores.messages().append(new NewMessage(chat.id(), author.id(), clientMsgId, text, null));
    }
}
