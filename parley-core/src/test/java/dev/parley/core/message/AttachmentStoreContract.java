package dev.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.chat.Chat;
import dev.parley.core.chat.Visibility;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} guarantees of attachments: taken by their uploader's message only, removed with edits and deletions, swept when unused. */
public abstract class AttachmentStoreContract extends InAGroupContract {

    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private static Attachment file(String id, String name) {
        return new Attachment(id, Attachment.Kind.FILE, name, "text/plain; charset=utf-8", 3, null, null, null);
    }

    private static String id(int n) {
        return String.format("%032x", n);
    }

    @Test
    void aMessageTakesItsAuthorsUploadsInOrderAndDeletingItGivesThemBack() {
        java.time.Instant now = java.time.Instant.now();
        stores.messages().addUpload(chat.id(), alice.id(), file(id(1), "notes.txt"), now, NO_LIMIT);
        stores.messages()
                .addUpload(
                        chat.id(),
                        alice.id(),
                        new Attachment(id(2), Attachment.Kind.IMAGE, "cat.jpg", "image/jpeg", 1000, 640, 480, "jpg"),
                        now,
                        NO_LIMIT);
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
        stores.messages().addUpload(chat.id(), bob.id(), file(id(11), "bob.txt"), now, NO_LIMIT);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(12), "alice.txt"), now, NO_LIMIT);
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
        stores.messages().addUpload(chat.id(), alice.id(), file(id(31), "budget.xlsx"), now, NO_LIMIT);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(32), "agenda.txt"), now, NO_LIMIT);
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
    void anUploaderHoldsAtMostTheLimitOfUnsentUploadsInAllChatsAndASentOneFreesAPlace() {
        java.time.Instant now = java.time.Instant.now();
        Chat other = stores.chats().createGroup(alice.id(), "Other", Visibility.PRIVATE, List.of(bob.id()));
        assertThat(stores.messages().addUpload(chat.id(), alice.id(), file(id(41), "a.txt"), now, 2))
                .isTrue();
        assertThat(stores.messages().addUpload(other.id(), alice.id(), file(id(42), "b.txt"), now, 2))
                .isTrue();

        assertThat(stores.messages().addUpload(chat.id(), alice.id(), file(id(43), "c.txt"), now, 2))
                .as("a third, whatever the chat")
                .isFalse();
        assertThat(stores.messages().attachment(id(43))).as("nothing written").isEmpty();
        assertThat(stores.messages().unsentUploads(alice.id())).isEqualTo(2);
        assertThat(stores.messages().addUpload(chat.id(), bob.id(), file(id(44), "bob.txt"), now, 2))
                .as("another's count is their own")
                .isTrue();

        stores.messages().append(new NewMessage(chat.id(), alice.id(), "with-a", "", null, List.of(id(41))));
        assertThat(stores.messages().unsentUploads(alice.id())).isEqualTo(1);
        assertThat(stores.messages().addUpload(chat.id(), alice.id(), file(id(43), "c.txt"), now, 2))
                .isTrue();
    }

    @Test
    void unusedUploadsOlderThanTheCutOffAreRemovedAndAnswered() {
        java.time.Instant old = java.time.Instant.now().minusSeconds(7200);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(21), "old.txt"), old, NO_LIMIT);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(22), "sent.txt"), old, NO_LIMIT);
        stores.messages().addUpload(chat.id(), alice.id(), file(id(23), "new.txt"), java.time.Instant.now(), NO_LIMIT);
        stores.messages().append(new NewMessage(chat.id(), alice.id(), "s", "x", null, List.of(id(22))));

        assertThat(stores.messages().removeUnusedUploads(java.time.Instant.now().minusSeconds(60), 100))
                .extracting(Attachment::id)
                .containsExactly(id(21));
        assertThat(stores.messages().attachment(id(21))).isEmpty();
        assertThat(stores.messages().attachment(id(23))).isPresent();
    }
}
