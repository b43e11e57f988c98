package dev.parley.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.message.NewMessage;
import dev.parley.core.testing.StoreContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link ChatStore} guarantees. */
public abstract class ChatStoreContract extends StoreContract {

    @Test
    void createsAGroupWithItsOwnerAndMembers() {
        User owner = stores.user();
        User member = stores.user();

        Chat chat = stores.chats().createGroup(owner.id(), "Team", Visibility.PRIVATE, List.of(member.id()));

        assertThat(chat.kind()).isEqualTo(ChatKind.GROUP);
        assertThat(chat.title()).isEqualTo("Team");
        assertThat(chat.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(chat.memberCount()).isEqualTo(2);
        assertThat(chat.lastSeq()).isZero();
        assertThat(stores.chats().membership(chat.id(), owner.id()))
                .hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(Role.OWNER));
        assertThat(stores.chats().members(chat.id(), 0, 10))
                .extracting(m -> m.user().id(), Member::role)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(owner.id(), Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple(member.id(), Role.MEMBER));
    }

    @Test
    void findsNothingForAnUnknownChatOrANonMember() {
        User owner = stores.user();
        User stranger = stores.user();
        Chat chat = stores.chats().createGroup(owner.id(), "Team", Visibility.PRIVATE, List.of());

        assertThat(stores.chats().find(chat.id() + 1000)).isEmpty();
        assertThat(stores.chats().membership(chat.id(), stranger.id())).isEmpty();
    }

    @Test
    void membershipChangesTakeTheChatsNextSeqs() {
        User owner = stores.user();
        User other = stores.user();
        Chat chat = stores.chats().createGroup(owner.id(), "Team", Visibility.PUBLIC, List.of());

        ChatEvent joined = stores.chats()
                .addMember(chat.id(), other.id(), Role.MEMBER, other.id(), EventKind.MEMBER_JOINED)
                .orElseThrow();
        ChatEvent.OfMember promoted = stores.chats()
                .changeRole(chat.id(), other.id(), Role.ADMIN, owner.id())
                .orElseThrow();
        ChatEvent.OfMember left = stores.chats()
                .removeMember(chat.id(), other.id(), other.id(), EventKind.MEMBER_LEFT)
                .orElseThrow();

        assertThat(List.of(joined.seq(), promoted.seq(), left.seq())).containsExactly(1L, 2L, 3L);
        assertThat(promoted.role()).isEqualTo(Role.ADMIN);
        assertThat(left.userId()).isEqualTo(other.id());
        Chat after = stores.chats().find(chat.id()).orElseThrow();
        assertThat(after.lastSeq()).isEqualTo(3);
        assertThat(after.memberCount()).isEqualTo(1);
    }

    @Test
    void repeatedMembershipChangesChangeNothing() {
        User owner = stores.user();
        User other = stores.user();
        Chat chat = stores.chats().createGroup(owner.id(), "Team", Visibility.PUBLIC, List.of(other.id()));

        assertThat(stores.chats().addMember(chat.id(), other.id(), Role.MEMBER, owner.id(), EventKind.MEMBER_ADDED))
                .isEmpty();
        assertThat(stores.chats().changeRole(chat.id(), other.id(), Role.MEMBER, owner.id()))
                .isEmpty();
        assertThat(stores.chats().removeMember(chat.id(), 999_999, owner.id(), EventKind.MEMBER_REMOVED))
                .isEmpty();
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void countsMembersByRole() {
        User owner = stores.user();
        User other = stores.user();
        Chat chat = stores.chats().createGroup(owner.id(), "Team", Visibility.PUBLIC, List.of(other.id()));

        assertThat(stores.chats().countMembersWithRole(chat.id(), Role.OWNER)).isEqualTo(1);
        assertThat(stores.chats().countMembersWithRole(chat.id(), Role.MEMBER)).isEqualTo(1);
        assertThat(stores.chats().countMembersWithRole(chat.id(), Role.ADMIN)).isZero();
    }

    @Test
    void aDirectChatIsCreatedOncePerPairInEitherOrder() {
        User a = stores.user();
        User b = stores.user();

        DirectChat created = stores.chats().getOrCreateDirect(a.id(), b.id());
        DirectChat again = stores.chats().getOrCreateDirect(b.id(), a.id());
        Chat first = created.chat();

        assertThat(created.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.chat().id()).isEqualTo(first.id());
        assertThat(first.kind()).isEqualTo(ChatKind.DIRECT);
        assertThat(first.memberCount()).isEqualTo(2);
        assertThat(stores.chats().members(first.id(), 0, 10)).hasSize(2);
    }

    @Test
    void concurrentDirectChatRequestsYieldOneChat() throws Exception {
        User a = stores.user();
        User b = stores.user();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DirectChat>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean flip = i % 2 == 0;
                results.add(pool.submit(() -> flip
                        ? stores.chats().getOrCreateDirect(a.id(), b.id())
                        : stores.chats().getOrCreateDirect(b.id(), a.id())));
            }
            Set<Long> ids = new HashSet<>();
            int created = 0;
            for (Future<DirectChat> r : results) {
                ids.add(r.get().chat().id());
                created += r.get().created() ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.chats().listForUser(a.id())).hasSize(1);
    }

    @Test
    void listsChatsNewestActivityFirstWithLastMessageUnreadCountAndPeer() {
        User me = stores.user();
        User peer = stores.user();
        Chat group = stores.chats().createGroup(me.id(), "Group", Visibility.PRIVATE, List.of(peer.id()));
        Chat direct = stores.chats().getOrCreateDirect(me.id(), peer.id()).chat();
        Chat quiet = stores.chats().createGroup(me.id(), "Quiet", Visibility.PRIVATE, List.of());

        stores.messages().append(new NewMessage(direct.id(), peer.id(), "d1", "hello", null));
        stores.messages().append(new NewMessage(group.id(), peer.id(), "g1", "one", null));
        stores.messages().append(new NewMessage(group.id(), peer.id(), "g2", "two", null));
        stores.messages().append(new NewMessage(group.id(), me.id(), "g3", "mine", null));

        List<ChatSummary> list = stores.chats().listForUser(me.id());

        assertThat(list).extracting(s -> s.chat().id()).containsExactly(group.id(), direct.id(), quiet.id());
        ChatSummary g = list.get(0);
        assertThat(g.unreadCount()).isEqualTo(2);
        assertThat(g.lastMessage().text()).isEqualTo("mine");
        assertThat(g.lastMessage().author().id()).isEqualTo(me.id());
        assertThat(g.peer()).isNull();
        assertThat(g.role()).isEqualTo(Role.OWNER);
        assertThat(g.chat().memberCount()).isEqualTo(2);
        assertThat(g.chat().lastSeq()).isEqualTo(3);
        ChatSummary d = list.get(1);
        assertThat(d.peer().id()).isEqualTo(peer.id());
        assertThat(d.unreadCount()).isEqualTo(1);
        assertThat(list.get(2).lastMessage()).isNull();
        assertThat(list.get(2).unreadCount()).isZero();
    }

    @Test
    void unreadCountFollowsTheReadCursorAndSkipsDeletedMessages() {
        User me = stores.user();
        User peer = stores.user();
        Chat chat = stores.chats().getOrCreateDirect(me.id(), peer.id()).chat();
        long first = stores.messages()
                .append(new NewMessage(chat.id(), peer.id(), "m1", "one", null))
                .event()
                .seq();
        long second = stores.messages()
                .append(new NewMessage(chat.id(), peer.id(), "m2", "two", null))
                .message()
                .id();
        stores.messages().append(new NewMessage(chat.id(), peer.id(), "m3", "three", null));

        stores.chats().markRead(chat.id(), me.id(), first);
        stores.messages().delete(second, peer.id());

        assertThat(stores.chats().listForUser(me.id()).get(0).unreadCount()).isEqualTo(1);
    }

    @Test
    void theReadCursorNeverMovesBackwardsNorPastTheLastSeq() {
        User me = stores.user();
        User peer = stores.user();
        Chat chat = stores.chats().getOrCreateDirect(me.id(), peer.id()).chat();
        for (int i = 0; i < 5; i++) {
            stores.messages().append(new NewMessage(chat.id(), peer.id(), "m" + i, "text " + i, null));
        }

        assertThat(stores.chats().markRead(chat.id(), me.id(), 3)).contains(3L);
        assertThat(stores.chats().markRead(chat.id(), me.id(), 2)).contains(3L);
        assertThat(stores.chats().markRead(chat.id(), me.id(), 99)).contains(5L);
        assertThat(stores.chats().membership(chat.id(), me.id()).orElseThrow().readSeq())
                .isEqualTo(5);
    }

    @Test
    void aReadCursorOfSomeoneNoLongerInTheChatIsNotMoved() {
        User owner = stores.user();
        User gone = stores.user();
        Chat chat = stores.chats().createGroup(owner.id(), "Left", Visibility.PUBLIC, List.of(gone.id()));
        stores.chats().removeMember(chat.id(), gone.id(), gone.id(), EventKind.MEMBER_LEFT);

        assertThat(stores.chats().markRead(chat.id(), gone.id(), 1)).isEmpty();
        assertThat(stores.chats().membership(chat.id(), gone.id())).isEmpty();
    }

    @Test
    void searchesPublicGroupsByTitle() {
        User owner = stores.user();
        Chat java = stores.chats().createGroup(owner.id(), "Java Lovers", Visibility.PUBLIC, List.of());
        stores.chats().createGroup(owner.id(), "Secret Java", Visibility.PRIVATE, List.of());
        stores.chats().createGroup(owner.id(), "Gardening", Visibility.PUBLIC, List.of());
        Chat literal = stores.chats().createGroup(owner.id(), "100% java_", Visibility.PUBLIC, List.of());

        assertThat(stores.chats().searchPublic("java", 10))
                .extracting(Chat::id)
                .containsExactlyInAnyOrder(java.id(), literal.id());
        assertThat(stores.chats().searchPublic("0% j", 10)).extracting(Chat::id).containsExactly(literal.id());
        assertThat(stores.chats().searchPublic("zzz", 10)).isEmpty();
    }

    @Test
    void listsAThousandChats() {
        User me = stores.user();
        for (int i = 0; i < 1000; i++) {
            stores.chats().createGroup(me.id(), "Chat " + i, Visibility.PRIVATE, List.of());
        }

        assertThat(stores.chats().listForUser(me.id())).hasSize(1000);
    }
}
