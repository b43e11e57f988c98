package dev.parley.server.media;

import dev.parley.core.chat.ChatAccess;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.media.BlobStore;
import dev.parley.core.message.Attachment;
import dev.parley.core.message.MessageService;
import dev.parley.core.message.MessageStore;
import dev.parley.core.text.Text;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The files of chats' messages in the blob store. An upload arrives as a file on disk (streamed
 * there, never whole in memory) and is kept as one of two kinds: an image (the first bytes of a
 * JPEG, PNG or WebP that decodes within the pixel limits, up to {@code parley.limits.image-size})
 * is re-encoded like a post's picture, its metadata dropped, with a preview; anything else is kept
 * byte for byte as a file, its type sniffed from its content ({@link #sniff}). Files are erased
 * with their message, and uploads no message took within {@code parley.limits.unused-upload-ttl}
 * are swept away.
 */
@Component
public class ChatFiles implements MessageService.Eraser, DisposableBean {

    public static final int NAME_MAX = 255;

    private final BlobStore blobs;
    private final BlobErasures erasures;
    private final MessageStore messages;
    private final ChatAccess access;
    private final Clock clock;
    private final long imageLimit;
    private final int maxUnsent;
    /** Decoding holds the whole picture in memory: two at a time bound what uploads may take. */
    private final Semaphore decoding = new Semaphore(2);

    private final DiskWrites disk;
    private final Blocking blocking;
    private final boolean localBlobs;

    private final UploadSweeper<Attachment> sweeper;

    ChatFiles(
            BlobStore blobs,
            MessageStore messages,
            ChatStore chats,
            BlobErasures erasures,
            DiskWrites disk,
            Blocking blocking,
            Clock clock,
            ParleyProperties properties) {
        this.blobs = blobs;
        this.erasures = erasures;
        this.disk = disk;
        this.blocking = blocking;
        this.localBlobs = "local".equals(properties.blobs().store());
        this.messages = messages;
        this.access = new ChatAccess(chats);
        this.clock = clock;
        this.imageLimit = properties.limits().imageSize().toBytes();
        this.maxUnsent = properties.limits().unsentUploads();
        this.sweeper = new UploadSweeper<>(
                "chat uploads",
                clock,
                properties.limits().unusedUploadTtl(),
                messages::removeUnusedUploads,
                this::erase);
    }

    /**
     * Refuses an upload before its body is read: only members put files into a chat, and no one
     * holds more than {@code parley.limits.unsent-uploads} uploads that no message took.
     */
    void checkUploader(long chatId, long userId) {
        access.member(chatId, userId);
        if (messages.unsentUploads(userId) >= maxUnsent) {
            throw UnsentUploads.tooMany(maxUnsent);
        }
    }

    /** The file name as kept: its last path segment, trimmed, 1–255 characters, no control characters. */
    static String checkName(String name) {
        Text.check("name", name);
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = base.strip();
        if (base.isEmpty() || base.codePointCount(0, base.length()) > NAME_MAX) {
            throw ParleyException.invalid(
                    "invalid_file_name", "name (the file's name) must hold 1–" + NAME_MAX + " characters");
        }
        // format characters too: a right-to-left override would show invoice\u202Efdp.exe as invoiceexe.pdf
        if (base.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw ParleyException.invalid(
                    "invalid_file_name", "the file's name holds control or formatting characters");
        }
        return base;
    }

    /**
     * Keeps an uploaded file (already at {@code file}, {@code size} bytes) as an upload of the
     * chat: its blobs first, where they belong, then its row on the store's threads. A file for the
     * local store goes to the blob store on the disk's threads (its sync competes with the
     * database's commits, {@link DiskWrites}); an image (decoded and re-encoded: CPU, not to hold
     * up every upload's writes) and anything for S3 (a network call) on the store's threads.
     */
    Mono<Attachment> keep(long chatId, long uploaderId, String name, Path file, long size) {
        // once begun, the blobs and the row are kept (or the blobs erased) whatever the client
        // does: a cancel between the two would leave blobs that no row names, never swept
        return Mono.defer(() -> Mono.fromFuture(
                disk.call(() -> head(file))
                        .flatMap(head -> {
                            Callable<Attachment> put = () -> put(name, file, size, head);
                            return localBlobs && !mayBeImage(size, head) ? disk.call(put) : blocking.call(put);
                        })
                        .flatMap(attachment -> blocking.call(() -> record(chatId, uploaderId, attachment)))
                        .toFuture(),
                true));
    }

    /** Whether a file of this size that starts so is re-encoded as an image (if it decodes). */
    private boolean mayBeImage(long size, byte[] head) {
        return size <= imageLimit && Images.looksLikeImage(head);
    }

    /** The file's blobs in the blob store: an image re-encoded, anything else as it is. */
    private Attachment put(String name, Path file, long size, byte[] head) {
        if (mayBeImage(size, head)) {
            Attachment image = image(name, file);
            if (image != null) {
                return image;
            }
        }
        String id = Images.randomId();
        String type = sniff(file, head); // before the store takes the file
        blobs.putFile(fileKey(id), file);
        return new Attachment(id, Attachment.Kind.FILE, name, type, size, null, null, null);
    }

    /** The upload's row; its blobs are erased when it cannot be written. */
    private Attachment record(long chatId, long uploaderId, Attachment attachment) {
        UnsentUploads.record(
                () -> messages.addUpload(chatId, uploaderId, attachment, clock.instant(), maxUnsent),
                () -> erase(List.of(attachment)),
                maxUnsent);
        return attachment;
    }

    /** The image re-encoded with its preview; null when it does not decode (it is then kept as a file). */
    private Attachment image(String name, Path file) {
        decoding.acquireUninterruptibly();
        Images.Picture picture;
        try {
            picture = Images.picture(Files.readAllBytes(file));
        } catch (ParleyException notAnImage) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            decoding.release();
        }
        blobs.put(imageKey(picture.id(), picture.format(), false), picture.full());
        blobs.put(imageKey(picture.id(), picture.format(), true), picture.preview());
        String type = picture.format().equals("png") ? "image/png" : "image/jpeg";
        return new Attachment(
                picture.id(),
                Attachment.Kind.IMAGE,
                name,
                type,
                picture.full().length,
                picture.width(),
                picture.height(),
                picture.format());
    }

    /** The stored bytes of an attachment: an image's preview or original, a file as sent. */
    Optional<InputStream> open(Attachment a, boolean preview) {
        return blobs.open(a.image() ? imageKey(a.id(), a.format(), preview) : fileKey(a.id()));
    }

    /**
     * Erases the attachments' files. Called once their rows are gone (committed), so a failure (the
     * blob store is down) is not thrown: the change stands, and the files are erased later ({@link
     * BlobErasures}).
     */
    @Override
    public void erase(List<Attachment> attachments) {
        erasures.erase(attachments.stream().flatMap(a -> keys(a).stream()).toList());
    }

    private static List<String> keys(Attachment a) {
        return a.image()
                ? List.of(imageKey(a.id(), a.format(), false), imageKey(a.id(), a.format(), true))
                : List.of(fileKey(a.id()));
    }

    int sweepUploadedBefore(java.time.Instant cutOff) {
        return sweeper.sweepUploadedBefore(cutOff);
    }

    @Override
    public void destroy() {
        sweeper.close();
    }

    /**
     * The content type a file is served with, from its bytes: a few formats by their magic numbers,
     * text when the whole file is UTF-8 without NUL, else {@code application/octet-stream}. Never
     * HTML or script: a page named {@code .png} is text here, and is served as a download anyway.
     */
    static String sniff(Path file, byte[] head) {
        if (startsWith(head, "%PDF-")) {
            return "application/pdf";
        }
        if (startsWith(head, "PK\u0003\u0004")) {
            return "application/zip";
        }
        if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) {
            return "image/gif";
        }
        if (Images.looksLikeImage(head)) { // an image too large or damaged to re-encode, kept as a file
            return "application/octet-stream";
        }
        return isUtf8Text(file) ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    private static boolean isUtf8Text(Path file) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file);
                var reader = new java.io.InputStreamReader(in, decoder)) {
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        return false;
                    }
                }
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWith(byte[] head, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (head.length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (head[i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileKey(String id) {
        return "a" + id;
    }

    private static String imageKey(String id, String format, boolean preview) {
        return "a" + id + (preview ? "-" + Images.PREVIEW_SIDE : "") + "." + format;
    }
}
