package dev.parley.server.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.account.UserRef;
import dev.parley.core.message.Attachment;
import dev.parley.core.message.Message;
import dev.parley.core.message.Reaction;
import dev.parley.server.media.FileLinks;
import java.time.Instant;
import java.util.List;

/**
 * A message on the wire; a deleted one keeps its place (id, seq, author) with {@code text} null.
 * {@code attachments} in the order sent (none once deleted). {@code reactions} as the caller sees
 * them; left out of stream frames, where reactions are events of their own.
 */
public record MessageView(
        long id,
        long chatId,
        long seq,
        UserRef author,
        String text,
        Long replyTo,
        String clientMsgId,
        Instant createdAt,
        Instant editedAt,
        boolean deleted,
        List<AttachmentView> attachments,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Reaction> reactions) {

    /**
     * A file of the message: {@code url} (and, for an image, {@code previewUrl}, at most 1280 px on
     * its long side) are signed links that expire (see {@link FileLinks}); read the message again
     * for fresh ones. An image has its {@code width} and {@code height}, so a client can reserve
     * the room before it loads.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttachmentView(
            String id,
            String kind,
            String name,
            String contentType,
            long size,
            Integer width,
            Integer height,
            String url,
            String previewUrl) {

        static AttachmentView of(Attachment a, FileLinks links) {
            return of(a, links.link(a.id(), "original"), a.image() ? links.link(a.id(), "preview") : null);
        }

        /** An upload no message took yet: no links (nobody but its uploader knows of it). */
        public static AttachmentView unsent(Attachment a) {
            return of(a, null, null);
        }

        private static AttachmentView of(Attachment a, String url, String previewUrl) {
            return new AttachmentView(
                    a.id(),
                    a.kind().name().toLowerCase(java.util.Locale.ROOT),
                    a.name(),
                    a.contentType(),
                    a.size(),
                    a.width(),
                    a.height(),
                    url,
                    previewUrl);
        }
    }

    public static MessageView of(Message m, FileLinks links) {
        return new MessageView(
                m.id(),
                m.chatId(),
                m.seq(),
                m.author(),
                m.text(),
                m.replyTo(),
                m.clientMsgId(),
                m.createdAt(),
                m.editedAt(),
                m.deleted(),
                m.attachments().isEmpty()
                        ? List.of()
                        : m.attachments().stream()
                                .map(a -> AttachmentView.of(a, links))
                                .toList(),
                m.reactions());
    }
}
