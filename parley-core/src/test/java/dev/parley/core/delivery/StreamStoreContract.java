package dev.parley.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.parley.core.account.User;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.ChatEvent;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Role;
import dev.parley.core.chat.Visibility;
import dev.parley.core.message.NewMessage;
import dev.parley.core.testing.StoreContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link StreamStore} guarantees. */
public abstract class StreamStoreContract extends StoreContract {

    @Test
    void replaysEveryEventAfterASeqInOrderWithWhatItsFrameShows() {
        User alice = stores.user();
        User bob = stores.user();
        Chat chat = stores.chats().createGroup(alice.id(), "Room", Visibility.PUBLIC, List.of());
        stores.chats().addMember(chat.id(), bob.id(), Role.MEMBER, bob.id(), EventKind.MEMBER_JOINED);
        long id = stores.messages()
                .append(new NewMessage(chat.id(), bob.id(), "m1", "hello", null))
                .message()
                .id();
        stores.messages().edit(id, "hello!", bob.id());
        stores.chats().changeRole(chat.id(), bob.id(), Role.ADMIN, alice.id());
        stores.messages().react(chat.id(), id, alice.id(), "👍", true);
        stores.messages().delete(id, alice.id());

        List<StreamEntry> all = stores.streams().after(chat.id(), 0, 100);

        assertThat(all).extracting(e -> e.event().seq()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all)
                .extracting(e -> e.event().kind())
                .containsExactly(
                        EventKind.MEMBER_JOINED,
                        EventKind.MESSAGE_CREATED,
                        EventKind.MESSAGE_EDITED,
                        EventKind.ROLE_CHANGED,
                        EventKind.REACTION_ADDED,
                        EventKind.MESSAGE_DELETED);
        assertThat(all.get(0).subject().username()).isEqualTo(bob.username());
        assertThat(all.get(0).message()).isNull();
        assertThat(all.get(1).message().author().id()).isEqualTo(bob.id());
        assertThat(all.get(1).message().deleted())
                .as("messages replay in their current state")
                .isTrue();
        assertThat(((ChatEvent.OfMember) all.get(3).event()).role()).isEqualTo(Role.ADMIN);
        assertThat(all.get(4).event())
                .as("a reaction replays as it was, though its message was deleted since")
                .isEqualTo(new ChatEvent.OfReaction(
                        chat.id(),
                        5,
                        EventKind.REACTION_ADDED,
                        alice.id(),
                        id,
                        "👍",
                        1,
                        all.get(4).event().at()));
        assertThat(all.get(4).message()).isNull();
        assertThat(all.get(5).event().actorId()).isEqualTo(alice.id());

        assertThat(stores.streams().after(chat.id(), 2, 2))
                .extracting(e -> e.event().seq())
                .containsExactly(3L, 4L);
        assertThat(stores.streams().after(chat.id(), 6, 10)).isEmpty();
    }

    @Test
    void answersTheUsersChatsWithTheirLastSeq() {
        User alice = stores.user();
        User bob = stores.user();
        Chat group = stores.chats().createGroup(alice.id(), "Room", Visibility.PRIVATE, List.of(bob.id()));
        Chat direct = stores.chats().getOrCreateDirect(alice.id(), bob.id()).chat();
        stores.messages().append(new NewMessage(group.id(), bob.id(), "m1", "one", null));
        stores.messages().append(new NewMessage(group.id(), bob.id(), "m2", "two", null));

        assertThat(stores.streams().positions(alice.id())).containsOnly(entry(group.id(), 2L), entry(direct.id(), 0L));
        assertThat(stores.streams().positions(stores.user().id())).isEmpty();
    }

    @Test
    void answersTheLastSeqOfManyChatsAtOnce() {
        User alice = stores.user();
        List<Long> chats = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) { // past any IN-list chunk an implementation may use
            chats.add(stores.chats()
                    .createGroup(alice.id(), "Room " + i, Visibility.PUBLIC, List.of())
                    .id());
        }
        stores.messages().append(new NewMessage(chats.get(0), alice.id(), "m1", "one", null));
        stores.messages().append(new NewMessage(chats.get(1199), alice.id(), "m2", "two", null));
        stores.messages().append(new NewMessage(chats.get(1199), alice.id(), "m3", "three", null));
        List<Long> asked = new java.util.ArrayList<>(chats);
        asked.add(-5L); // no such chat: left out

        java.util.Map<Long, Long> last = stores.streams().lastSeqs(asked);

        assertThat(last).hasSize(1200).containsEntry(chats.get(0), 1L).containsEntry(chats.get(1199), 2L);
        assertThat(last.get(chats.get(600))).isZero();
        assertThat(stores.streams().lastSeqs(List.of())).isEmpty();
    }

    @Test
    void contactsAreCoMembersOfChatsUpToASize() {
        User alice = stores.user();
        User bob = stores.user();
        User carol = stores.user();
        User dave = stores.user();
        stores.chats().getOrCreateDirect(alice.id(), bob.id());
        stores.chats().createGroup(alice.id(), "Big", Visibility.PUBLIC, List.of(carol.id(), dave.id()));

        assertThat(stores.streams().contacts(alice.id(), 100))
                .containsExactlyInAnyOrder(bob.id(), carol.id(), dave.id());
        assertThat(stores.streams().contacts(alice.id(), 2)).containsExactly(bob.id());
    }
}
