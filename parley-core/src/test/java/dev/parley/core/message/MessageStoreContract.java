package dev.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Visibility;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} guarantees. */
public abstract class MessageStoreContract extends InAGroupContract {

    @Test
    void appendAssignsConsecutiveSeqsAndStoresTheMessage() {
        Appended first = send(alice, "a", "hello");
        Appended second = send(bob, "b", "hi");

        assertThat(first.created()).isTrue();
        assertThat(first.event().kind()).isEqualTo(EventKind.MESSAGE_CREATED);
        assertThat(first.event().messageId()).isEqualTo(first.message().id());
        assertThat(first.message().seq()).isEqualTo(1);
        assertThat(second.message().seq()).isEqualTo(2);
        Message stored = stores.messages().find(first.message().id()).orElseThrow();
        assertThat(stored.text()).isEqualTo("hello");
        assertThat(stored.author().username()).isEqualTo(alice.username());
        assertThat(stored.clientMsgId()).isEqualTo("a");
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void queuedAppendsToOneChatAreStoredInTheOrderQueued() {
        List<java.util.concurrent.CompletableFuture<Appended>> queued = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            User author = i % 2 == 0 ? alice : bob;
            queued.add(stores.messages()
                    .appendQueued(new NewMessage(chat.id(), author.id(), "q" + i, "message " + i, null))
                    .toCompletableFuture());
        }

        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < queued.size(); i++) {
            Appended appended = queued.get(i).join();
            assertThat(appended.message().text()).isEqualTo("message " + (i + 1));
            seqs.add(appended.message().seq());
        }
        assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
    }

    @Test
    void aQueuedRetryOfAQueuedAppendReturnsTheOriginal() {
        var first = stores.messages().appendQueued(new NewMessage(chat.id(), alice.id(), "same", "hello", null));
        var retry = stores.messages().appendQueued(new NewMessage(chat.id(), alice.id(), "same", "hello", null));

        Appended original = first.toCompletableFuture().join();
        Appended again = retry.toCompletableFuture().join();

        assertThat(original.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.message()).isEqualTo(original.message());
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void aQueuedAppendThatFailsLeavesTheOthersQueuedWithItStored() {
        var before = stores.messages().appendQueued(new NewMessage(chat.id(), alice.id(), "x1", "one", null));
        var failing = stores.messages().appendQueued(new NewMessage(-1, alice.id(), "x2", "no such chat", null));
        var after = stores.messages().appendQueued(new NewMessage(chat.id(), alice.id(), "x3", "two", null));

        assertThat(before.toCompletableFuture().join().message().seq()).isEqualTo(1);
        assertThat(after.toCompletableFuture().join().message().seq()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> failing.toCompletableFuture().join())
                .isInstanceOf(java.util.concurrent.CompletionException.class);
    }

    @Test
    void refusesAnAuthorOutsideTheChatAndWritesNothing() {
        User stranger = stores.user();
        Chat open = stores.chats().createGroup(alice.id(), "Open", Visibility.PUBLIC, List.of());

        var toPrivate = org.assertj.core.api.Assertions.catchThrowableOfType(
                AppendRefused.class,
                () -> stores.messages().append(new NewMessage(chat.id(), stranger.id(), "s1", "let me in", null)));
        var toPublic = org.assertj.core.api.Assertions.catchThrowableOfType(
                AppendRefused.class,
                () -> stores.messages().append(new NewMessage(open.id(), stranger.id(), "s2", "hello all", null)));
        var toNothing = org.assertj.core.api.Assertions.catchThrowableOfType(
                AppendRefused.class,
                () -> stores.messages().append(new NewMessage(999_999, stranger.id(), "s3", "anyone?", null)));

        assertThat(toPrivate.reason()).isEqualTo(AppendRefused.Reason.CHAT_NOT_VISIBLE);
        assertThat(toPublic.reason()).isEqualTo(AppendRefused.Reason.NOT_A_MEMBER);
        assertThat(toNothing.reason()).isEqualTo(AppendRefused.Reason.CHAT_NOT_VISIBLE);
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isZero();
        assertThat(stores.chats().find(open.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void refusesAReplyToAMessageOfAnotherChatAndWritesNothing() {
        Chat other = stores.chats().createGroup(alice.id(), "Other", Visibility.PRIVATE, List.of());
        Appended elsewhere = stores.messages().append(new NewMessage(other.id(), alice.id(), "o1", "there", null));

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                AppendRefused.class,
                () -> stores.messages()
                        .append(new NewMessage(
                                chat.id(),
                                alice.id(),
                                "r1",
                                "re",
                                elsewhere.message().id())));

        assertThat(refused.reason()).isEqualTo(AppendRefused.Reason.UNKNOWN_REPLY);
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void keepsTheMessageReplyingTo() {
        Appended original = send(alice, "a", "question?");

        Appended reply = stores.messages()
                .append(new NewMessage(
                        chat.id(), bob.id(), "b", "answer", original.message().id()));

        assertThat(reply.message().replyTo()).isEqualTo(original.message().id());
    }

    @Test
    void resendingAClientMsgIdReturnsTheOriginalAndCreatesNothing() {
        Appended first = send(alice, "same", "hello");
        Appended again = send(alice, "same", "hello again");
        Appended otherAuthor = send(bob, "same", "mine");

        assertThat(again.created()).isFalse();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(otherAuthor.created()).isTrue();
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void concurrentRetriesOfOneMessageCreateItOnce() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Appended>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> send(alice, "retry", "once")));
            }
            Set<Long> ids = new HashSet<>();
            int created = 0;
            for (Future<Appended> r : results) {
                ids.add(r.get().message().id());
                created += r.get().created() ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void concurrentSendersGetGapFreeStrictlyIncreasingSeqs() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                User author = i % 2 == 0 ? alice : bob;
                String id = "c" + i;
                results.add(pool.submit(() -> send(author, id, "text").message().seq()));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<Long> r : results) {
                seqs.add(r.get());
            }
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 200).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void editsAndDeletesAreEventsWithTheirOwnSeqs() {
        Appended sent = send(alice, "a", "first draft");
        long id = sent.message().id();

        Change edit = stores.messages().edit(id, "final", alice.id()).orElseThrow();
        Change delete = stores.messages().delete(id, bob.id()).orElseThrow();

        assertThat(edit.event().seq()).isEqualTo(2);
        assertThat(edit.event().kind()).isEqualTo(EventKind.MESSAGE_EDITED);
        assertThat(edit.message().text()).isEqualTo("final");
        assertThat(edit.message().editedAt()).isNotNull();
        assertThat(delete.event().seq()).isEqualTo(3);
        assertThat(delete.event().actorId()).isEqualTo(bob.id());
        assertThat(delete.message().deleted()).isTrue();
        assertThat(delete.message().seq()).isEqualTo(1);
    }

    @Test
    void aDeletedMessagesTextIsGoneAndItCannotChangeAgain() {
        long id = send(alice, "a", "secret words").message().id();

        stores.messages().delete(id, alice.id()).orElseThrow();

        Message stored = stores.messages().find(id).orElseThrow();
        assertThat(stored.text()).isNull();
        assertThat(stored.deletedAt()).isNotNull();
        assertThat(stores.messages().search(alice.id(), "secret", null, 10)).isEmpty();
        assertThat(stores.messages().edit(id, "again", alice.id())).isEmpty();
        assertThat(stores.messages().delete(id, alice.id())).isEmpty();
        assertThat(stores.messages().edit(999_999, "x", alice.id())).isEmpty();
    }

    @Test
    void pagesHistoryBySeqInEitherDirection() {
        for (int i = 1; i <= 10; i++) {
            send(alice, "m" + i, "message " + i);
        }

        HistoryPage newest = stores.messages().history(chat.id(), new HistoryQuery(Long.MAX_VALUE, 0, 4, true));
        assertThat(newest.items()).extracting(Message::seq).containsExactly(10L, 9L, 8L, 7L);
        assertThat(newest.hasMore()).isTrue();

        HistoryPage older = stores.messages().history(chat.id(), new HistoryQuery(7, 0, 4, true));
        assertThat(older.items()).extracting(Message::seq).containsExactly(6L, 5L, 4L, 3L);

        HistoryPage oldest = stores.messages().history(chat.id(), new HistoryQuery(3, 0, 4, true));
        assertThat(oldest.items()).extracting(Message::seq).containsExactly(2L, 1L);
        assertThat(oldest.hasMore()).isFalse();

        HistoryPage forward = stores.messages().history(chat.id(), new HistoryQuery(Long.MAX_VALUE, 5, 3, false));
        assertThat(forward.items()).extracting(Message::seq).containsExactly(6L, 7L, 8L);
        assertThat(forward.hasMore()).isTrue();

        HistoryPage window = stores.messages().history(chat.id(), new HistoryQuery(9, 5, 10, false));
        assertThat(window.items()).extracting(Message::seq).containsExactly(6L, 7L, 8L);
        assertThat(window.hasMore()).isFalse();
    }

    @Test
    void historyShowsCurrentStateOfEditedAndDeletedMessages() {
        long edited = send(alice, "a", "before").message().id();
        long deleted = send(alice, "b", "gone").message().id();
        stores.messages().edit(edited, "after", alice.id());
        stores.messages().delete(deleted, alice.id());

        HistoryPage page = stores.messages().history(chat.id(), new HistoryQuery(Long.MAX_VALUE, 0, 10, false));

        assertThat(page.items()).extracting(Message::text).containsExactly("after", null);
        assertThat(page.items().get(1).deleted()).isTrue();
    }

    @Test
    void searchFindsWordsInTheCallersChatsOnly() {
        User outsider = stores.user();
        Chat elsewhere = stores.chats().createGroup(outsider.id(), "Other", Visibility.PRIVATE, List.of());
        send(alice, "1", "the quick brown fox");
        send(bob, "2", "a lazy dog");
        stores.messages().append(new NewMessage(elsewhere.id(), outsider.id(), "3", "quick fox elsewhere", null));

        assertThat(stores.messages().search(alice.id(), "quick fox", null, 10))
                .extracting(Message::text)
                .containsExactly("the quick brown fox");
        assertThat(stores.messages().search(outsider.id(), "fox", null, 10))
                .extracting(Message::text)
                .containsExactly("quick fox elsewhere");
        assertThat(stores.messages().search(alice.id(), "dog", elsewhere.id(), 10))
                .isEmpty();
        assertThat(stores.messages().search(alice.id(), "DOG", chat.id(), 10)).hasSize(1);
    }

    @Test
    void searchTreatsOperatorsAndQuotesAsPlainWords() {
        send(alice, "1", "say \"hello\" OR goodbye");

        assertThat(stores.messages().search(alice.id(), "\"hello", null, 10)).hasSize(1);
        assertThat(stores.messages().search(alice.id(), "hello OR", null, 10)).hasSize(1);
        assertThat(stores.messages().search(alice.id(), "NEAR( * ) -:^", null, 10))
                .isEmpty();
    }

    @Test
    void searchFindsEditedTextAndNotTheOldText() {
        long id = send(alice, "1", "original wording").message().id();
        stores.messages().edit(id, "revised wording", alice.id());

        assertThat(stores.messages().search(alice.id(), "original", null, 10)).isEmpty();
        assertThat(stores.messages().search(alice.id(), "revised", null, 10)).hasSize(1);
    }
}
