package dev.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.chat.Chat;
import dev.parley.core.chat.EventKind;
import dev.parley.core.chat.Visibility;
import dev.parley.core.testing.StoreContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} guarantees. */
public abstract class MessageStoreContract extends StoreContract {

    private User alice;
    private User bob;
    private Chat chat;

    @BeforeEach
    void chat() {
        alice = stores.user();
        bob = stores.user();
        chat = stores.chats().createGroup(alice.id(), "Room", Visibility.PRIVATE, List.of(bob.id()));
    }

    private Appended send(User author, String clientMsgId, String text) {
        return stores.messages().append(new NewMessage(chat.id(), author.id(), clientMsgId, text, null));
    }

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

    private static Attachment file(String id, String name) {
        return new Attachment(id, Attachment.Kind.FILE, name, "text/plain; charset=utf-8", 3, null, null, null);
    }

    private static String id(int n) {
        return String.format("%032x", n);
    }

    @Test
    void aMessageTakesItsAuthorsUploadsInOrderAndDeletingItGivesThemBack() {
        java.time.Instant now = java.time.Instant.now();
        stores.messages().addUpload(chat.id(), alice.id(), file(id(1), "notes.txt"), now);
        stores.messages()
                .addUpload(
                        chat.id(),
                        alice.id(),
                        new Attachment(id(2), Attachment.Kind.IMAGE, "cat.jpg", "image/jpeg", 1000, 640, 480, "jpg"),
                        now);
        assertThat(stores.messages().attachment(id(1)).orElseThrow().messageId())
                .isNull();

        Appended sent = stores.messages()
                .append(new NewMessage(chat.id(), alice.id(), "files", "", null, List.of(id(2), id(1))));

        assertThat(sent.message().attachments()).extracting(Attachment::id).containsExactly(id(2), id(1));
        assertThat(stores.messages().find(sent.message().id()).orElseThrow().attachments())
                .containsExactly(
                        new Attachment(id(2), Attachment.Kind.IMAGE, "cat.jpg", "image/jpeg", 1000, 640, 480, "jpg"),
                        file(id(1), "notes.txt"));
        assertThat(stores.messages().attachment(id(1)).orElseThrow())
                .isEqualTo(new MessageStore.Placed(
                        file(id(1), "notes.txt"),
                        chat.id(),
                        alice.id(),
                        sent.message().id()));
        assertThat(stores.messages().search(bob.id(), "notes", null, 10))
                .extracting(Message::id)
                .containsExactly(sent.message().id());

        Change deleted =
                stores.messages().delete(sent.message().id(), alice.id()).orElseThrow();
        assertThat(deleted.erased()).extracting(Attachment::id).containsExactly(id(2), id(1));
        assertThat(deleted.message().attachments()).isEmpty();
        assertThat(stores.messages().attachment(id(1))).isEmpty();
        assertThat(stores.messages().search(bob.id(), "notes", null, 10)).isEmpty();
    }

    @Test
    void aMessageCannotTakeAnotherOnesUploadOrOneAlreadyTakenAndWritesNothing() {
        java.time.Instant now = java.time.Instant.now();
        stores.messages().addUpload(chat.id(), bob.id(), file(id(11), "bob.txt"), now);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(12), "alice.txt"), now);
        long seq = stores.chats().find(chat.id()).orElseThrow().lastSeq();

        for (List<String> bad : List.of(List.of(id(11)), List.of(id(12), id(13)))) {
            try {
                stores.messages().append(new NewMessage(chat.id(), alice.id(), "x" + bad.size(), "hi", null, bad));
                throw new AssertionError("taken: " + bad);
            } catch (AppendRefused refused) {
                assertThat(refused.reason()).isEqualTo(AppendRefused.Reason.UNKNOWN_ATTACHMENT);
            }
        }
        stores.messages().append(new NewMessage(chat.id(), alice.id(), "first", "hi", null, List.of(id(12))));
        try {
            stores.messages().append(new NewMessage(chat.id(), alice.id(), "second", "hi", null, List.of(id(12))));
            throw new AssertionError("taken twice");
        } catch (AppendRefused refused) {
            assertThat(refused.reason()).isEqualTo(AppendRefused.Reason.UNKNOWN_ATTACHMENT);
        }
        assertThat(stores.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(seq + 1);
        assertThat(stores.messages()
                        .append(new NewMessage(chat.id(), alice.id(), "first", "hi", null, List.of(id(12))))
                        .created())
                .as("a retry of the message that took it is answered with the original")
                .isFalse();
    }

    @Test
    void anEditRemovesAttachmentsAndTheirNamesFromSearch() {
        java.time.Instant now = java.time.Instant.now();
        stores.messages().addUpload(chat.id(), alice.id(), file(id(31), "budget.xlsx"), now);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(32), "agenda.txt"), now);
        long messageId = stores.messages()
                .append(new NewMessage(chat.id(), alice.id(), "e", "two files", null, List.of(id(31), id(32))))
                .message()
                .id();

        Change edited = stores.messages()
                .edit(messageId, "one file", alice.id(), Set.of(id(31)))
                .orElseThrow();

        assertThat(edited.erased()).extracting(Attachment::id).containsExactly(id(31));
        assertThat(edited.message().attachments()).extracting(Attachment::id).containsExactly(id(32));
        assertThat(stores.messages().search(bob.id(), "budget", null, 10)).isEmpty();
        assertThat(stores.messages().search(bob.id(), "agenda", null, 10)).hasSize(1);
        assertThat(stores.messages().attachment(id(31))).isEmpty();
    }

    @Test
    void unusedUploadsOlderThanTheCutOffAreRemovedAndAnswered() {
        java.time.Instant old = java.time.Instant.now().minusSeconds(7200);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(21), "old.txt"), old);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(22), "sent.txt"), old);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(23), "new.txt"), java.time.Instant.now());
        stores.messages().append(new NewMessage(chat.id(), alice.id(), "s", "x", null, List.of(id(22))));

        assertThat(stores.messages().removeUnusedUploads(java.time.Instant.now().minusSeconds(60), 100))
                .extracting(Attachment::id)
                .containsExactly(id(21));
        assertThat(stores.messages().attachment(id(21))).isEmpty();
        assertThat(stores.messages().attachment(id(23))).isPresent();
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
