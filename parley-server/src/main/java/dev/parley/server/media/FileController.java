package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import dev.parley.core.message.Attachment;
import dev.parley.core.message.MessageStore;
import dev.parley.server.account.Caller;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.message.MessageView;
import dev.parley.server.web.Blocking;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Files in chats. Uploaded first, streamed to a temporary file as they arrive ({@code POST
 * /api/v1/chats/{id}/uploads?name=}), then named by the message that carries them. Served under
 * {@link FileLinks#PREFIX}, a path of their own, to whoever holds a signed link that has not
 * expired; never as a page: only images are inline, everything else is a download, all with
 * {@code nosniff} and a sandboxing CSP.
 */
@RestController
class FileController {

    record Uploaded(
            String id, String kind, String name, String contentType, long size, Integer width, Integer height) {}

    private static final int CHUNK = 16 * 1024;

    private final ChatFiles files;
    private final MessageStore messages;
    private final FileLinks links;
    private final Blocking blocking;
    private final Clock clock;
    private final long maxBytes;
    /** Uploads land beside the data (where local blobs are), so keeping one is a rename. */
    private final Path incoming;
    /** The pace of all uploads together ({@link UploadPace}); null for none. */
    private final Bandwidth bandwidth;

    private final DiskWrites disk;

    FileController(
            ChatFiles files,
            MessageStore messages,
            FileLinks links,
            Blocking blocking,
            Clock clock,
            UploadPace pace,
            DiskWrites disk,
            ParleyProperties properties) {
        this.files = files;
        this.messages = messages;
        this.links = links;
        this.blocking = blocking;
        this.clock = clock;
        this.maxBytes = properties.limits().fileSize().toBytes();
        this.incoming = properties.dataDir().resolve("incoming");
        this.bandwidth = pace.bandwidth();
        this.disk = disk;
        removeLeftovers(incoming);
    }

    /** Uploads cut short by a stop of the server are of no one now. */
    private static void removeLeftovers(Path incoming) {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (var parts = Files.list(incoming)) {
            parts.filter(p -> p.getFileName().toString().endsWith(".part")).forEach(FileController::deleteQuietly);
        } catch (IOException e) {
            // left for the next start
        }
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Uploads a file into a chat (members only): the body is the file itself, of any type,"
                    + " streamed; name its id in a message within the upload time to live. One holds at most"
                    + " parley.limits.unsent-uploads uploads no message took (409 too_many_unsent_uploads)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            mediaType = "application/octet-stream",
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            type = "string",
                                                            format = "binary"))))
    @PostMapping("/api/v1/chats/{chatId}/uploads")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<MessageView.AttachmentView> upload(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long chatId,
            @RequestParam(required = false) String name,
            ServerWebExchange exchange) {
        String fileName = ChatFiles.checkName(name);
        return blocking.run(() -> files.checkUploader(chatId, caller.userId()))
                .then(Mono.usingWhen(
                        Mono.fromCallable(() ->
                                        Files.createTempFile(Files.createDirectories(incoming), "upload", ".part"))
                                .subscribeOn(Schedulers.boundedElastic()),
                        file -> receive(exchange, file)
                                .flatMap(size -> files.keep(chatId, caller.userId(), fileName, file, size))
                                .map(MessageView.AttachmentView::unsent),
                        file -> Mono.fromRunnable(() -> deleteQuietly(file)).subscribeOn(Schedulers.boundedElastic())));
    }

    /** Writes the body to the file as it arrives, refusing it once past the limit; answers its size. */
    private Mono<Long> receive(ServerWebExchange exchange, Path file) {
        AtomicLong size = new AtomicLong();
        // map, not handle: Reactor's handle puts the request's thread-locals (its observation, hence
        // tracing scopes and the MDC) in place around each chunk, which for a hundred uploads was
        // over a quarter of what the server allocated while they ran (docs/benchmarks.md "Files")
        Flux<DataBuffer> counted = exchange.getRequest().getBody().map(buffer -> {
            if (size.addAndGet(buffer.readableByteCount()) > maxBytes) {
                DataBufferUtils.release(buffer);
                throw new ParleyException(
                        ParleyException.Kind.TOO_LARGE,
                        "body_too_large",
                        "the file is larger than the limit of " + maxBytes + " bytes");
            }
            return buffer;
        });
        Bandwidth.Share share = bandwidth == null ? null : bandwidth.share();
        Flux<DataBuffer> paced = share == null
                ? counted
                : counted.concatMap(buffer -> paced(share, buffer), 0) // one chunk asked at a time: none queued here
                        .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        return disk.write(paced, file)
                .then(Mono.fromSupplier(size::get))
                .flatMap(n -> n == 0
                        ? Mono.error(ParleyException.invalid("missing_body", "send the file as the body"))
                        : Mono.just(n));
    }

    /**
     * The chunk once its turn came. Released here when the upload ends while it waits (cancelled,
     * or refused past the limit), and only then: once passed on, it is the disk's to release, even
     * if a cancel reaches this turn afterwards (concatMap cancels its finished inner one too).
     */
    static Mono<DataBuffer> paced(Bandwidth.Share share, DataBuffer buffer) {
        AtomicBoolean passed = new AtomicBoolean();
        return share.take(buffer.readableByteCount())
                .then(Mono.fromSupplier(() -> passed.compareAndSet(false, true) ? buffer : null))
                .doOnCancel(() -> {
                    if (passed.compareAndSet(false, true)) {
                        DataBufferUtils.release(buffer);
                    }
                });
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the temporary directory is cleaned by the system in the end
        }
    }

    /**
     * A file by its signed link: {@code original}, or an image's {@code preview}. 403 {@code
     * invalid_link} for a link the server did not sign, {@code link_expired} for one past its time
     * (read the message again for a fresh one), 404 when the file is gone (its message deleted).
     */
    @GetMapping(FileLinks.PREFIX + "{id}/{variant}")
    Mono<ResponseEntity<Flux<DataBuffer>>> download(
            @PathVariable String id,
            @PathVariable String variant,
            @RequestParam(required = false) Long exp,
            @RequestParam(required = false) String sig) {
        boolean preview = "preview".equals(variant);
        if (!preview && !"original".equals(variant)) {
            throw notFound();
        }
        FileLinks.Verdict verdict = exp == null ? FileLinks.Verdict.FORGED : links.check(id, variant, exp, sig);
        switch (verdict) {
            case FORGED -> throw ParleyException.forbidden("invalid_link", "this link was not made by this server");
            case EXPIRED ->
                throw ParleyException.forbidden(
                        "link_expired", "this link has expired; read the message again for a fresh one");
            case VALID -> {}
        }
        return blocking.call(() -> {
            Attachment a = messages.attachment(id)
                    .filter(placed -> placed.messageId() != null)
                    .map(MessageStore.Placed::attachment)
                    .orElseThrow(FileController::notFound);
            if (preview && !a.image()) {
                throw notFound();
            }
            InputStream in = files.open(a, preview).orElseThrow(FileController::notFound);
            return ResponseEntity.ok().headers(headers(a, preview, exp)).body(stream(in));
        });
    }

    private HttpHeaders headers(Attachment a, boolean preview, long expires) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, a.contentType());
        if (!preview) {
            headers.setContentLength(a.size());
        }
        ContentDisposition.Builder disposition =
                a.image() ? ContentDisposition.inline() : ContentDisposition.attachment();
        headers.setContentDisposition(
                disposition.filename(a.name(), StandardCharsets.UTF_8).build());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
        long left = Math.max(0, expires - clock.instant().getEpochSecond());
        headers.setCacheControl("private, max-age=" + left);
        return headers;
    }

    private static Flux<DataBuffer> stream(InputStream in) {
        return DataBufferUtils.readInputStream(() -> in, DefaultDataBufferFactory.sharedInstance, CHUNK)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static ParleyException notFound() {
        return ParleyException.notFound("file_not_found", "no such file (or its message was deleted)");
    }
}
