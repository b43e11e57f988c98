package dev.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.chat.EventKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} guarantees of reactions: one per person and emoji, events only for changes, exact counts. */
public abstract class ReactionStoreContract extends InAGroupContract {

    @Test
    void aReactionIsAnEventOnlyWhenItChangesSomething() {
        long id = send(alice, "a", "lunch?").message().id();

        Reacted added = stores.messages().react(chat.id(), id, bob.id(), "👍", true);
        Reacted again = stores.messages().react(chat.id(), id, bob.id(), "👍", true);
        Reacted alices = stores.messages().react(chat.id(), id, alice.id(), "👍", true);

        assertThat(added.count()).isEqualTo(1);
        assertThat(added.event().orElseThrow().seq()).isEqualTo(2);
        assertThat(added.event().orElseThrow().kind()).isEqualTo(EventKind.REACTION_ADDED);
        assertThat(again).isEqualTo(new Reacted(1, java.util.Optional.empty()));
        assertThat(alices.count()).isEqualTo(2);
        assertThat(alices.event().orElseThrow().seq())
                .as("the seq not taken by the repeat")
                .isEqualTo(3);

        Reacted removed = stores.messages().react(chat.id(), id, bob.id(), "👍", false);
        Reacted removedAgain = stores.messages().react(chat.id(), id, bob.id(), "👍", false);
        assertThat(removed.count()).isEqualTo(1);
        assertThat(removed.event().orElseThrow().kind()).isEqualTo(EventKind.REACTION_REMOVED);
        assertThat(removedAgain.event()).isEmpty();
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(4);
    }

    @Test
    void reactionsAreCountedPerEmojiWithTheViewersOwnMarked() {
        long first = send(alice, "a", "one").message().id();
        long second = send(alice, "b", "two").message().id();
        long none = send(alice, "c", "three").message().id();
        stores.messages().react(chat.id(), first, bob.id(), "🎉", true);
        stores.messages().react(chat.id(), first, alice.id(), "👍", true);
        stores.messages().react(chat.id(), first, bob.id(), "👍", true);
        stores.messages().react(chat.id(), second, alice.id(), "❤️", true);

        var seenByBob = stores.messages().reactions(List.of(first, second, none), bob.id());

        assertThat(seenByBob.get(first)).containsExactly(new Reaction("🎉", 1, true), new Reaction("👍", 2, true));
        assertThat(seenByBob.get(second)).containsExactly(new Reaction("❤️", 1, false));
        assertThat(seenByBob).doesNotContainKey(none);
    }

    @Test
    void refusesReactionsFromStrangersToDeletedMessagesAndPastTheLimitWritingNothing() {
        User stranger = stores.user();
        long id = send(alice, "a", "hi").message().id();
        long gone = send(alice, "b", "bye").message().id();
        stores.messages().react(chat.id(), gone, bob.id(), "👋", true);
        stores.messages().delete(gone, alice.id());
        long seq = stores.chats().find(chat.id()).orElseThrow().lastSeq();

        assertThat(refusal(() -> stores.messages().react(chat.id(), id, stranger.id(), "👍", true)))
                .isEqualTo(ReactionRefused.Reason.NOT_A_MEMBER);
        assertThat(refusal(() -> stores.messages().react(chat.id(), gone, bob.id(), "👍", true)))
                .isEqualTo(ReactionRefused.Reason.NO_LIVE_MESSAGE);
        assertThat(stores.messages().reactions(List.of(gone), bob.id()))
                .as("a deleted message's reactions are erased with its text")
                .isEmpty();
        for (int i = 0; i < MessageStore.REACTIONS_MAX; i++) {
            stores.messages().react(chat.id(), id, bob.id(), new String(Character.toChars(0x1F600 + i)), true);
        }
        assertThat(refusal(() -> stores.messages().react(chat.id(), id, alice.id(), "🚀", true)))
                .isEqualTo(ReactionRefused.Reason.TOO_MANY);
        assertThat(stores.messages()
                        .react(chat.id(), id, alice.id(), "😀", true)
                        .count())
                .as("one of the twenty is still welcome")
                .isEqualTo(2);
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq())
                .isEqualTo(seq + MessageStore.REACTIONS_MAX + 1);
    }

    @Test
    void concurrentReactionsAreCountedExactlyWithGapFreeSeqs() throws Exception {
        long id = send(alice, "a", "vote").message().id();
        List<User> voters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            User voter = stores.user();
            stores.chats()
                    .addMember(
                            chat.id(),
                            voter.id(),
                            dev.parley.core.chat.Role.MEMBER,
                            alice.id(),
                            EventKind.MEMBER_ADDED);
            voters.add(voter);
        }
        long before = stores.chats().find(chat.id()).orElseThrow().lastSeq();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reacted>> all = new ArrayList<>();
            for (User voter : voters) {
                all.add(pool.submit(() -> stores.messages().react(chat.id(), id, voter.id(), "✅", true)));
                all.add(pool.submit(() -> stores.messages().react(chat.id(), id, voter.id(), "✅", true)));
            }
            Set<Long> seqs = new HashSet<>();
            for (Future<Reacted> f : all) {
                f.get().event().ifPresent(e -> seqs.add(e.seq()));
            }
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(before + 1, before + voters.size())
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.messages().reactions(List.of(id), alice.id()).get(id))
                .containsExactly(new Reaction("✅", voters.size(), false));
    }

    private static ReactionRefused.Reason refusal(Runnable react) {
        try {
            react.run();
        } catch (ReactionRefused refused) {
            return refused.reason();
        }
        throw new AssertionError("the reaction was not refused");
    }
}
