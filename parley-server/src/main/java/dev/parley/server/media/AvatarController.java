package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import dev.parley.core.media.BlobStore;
import dev.parley.core.social.Profile;
import dev.parley.core.social.ProfileStore;
import dev.parley.server.account.Caller;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Avatars: uploaded as the raw image ({@code PUT /api/v1/me/avatar}), served from content-addressed
 * URLs under {@code /media/avatars/} that never change (cached for a year, {@code ETag}), and found
 * by user through {@code GET /media/users/{id}/avatar?size=}, a short-lived redirect that an
 * {@code <img>} can use without a token. Avatars are public, as in most messengers.
 */
@RestController
public class AvatarController {

    static final String MEDIA = "/media/avatars/";

    /** The URLs of one avatar, by size ("64", "256", "original"); null when there is none. */
    public static Map<String, String> urls(String avatar) {
        if (avatar == null) {
            return null;
        }
        String id = avatar.substring(0, avatar.indexOf('.'));
        Map<String, String> urls = new LinkedHashMap<>();
        for (int size : Images.SIZES) {
            urls.put(String.valueOf(size), MEDIA + Images.Avatar.thumbnailKey(id, size));
        }
        urls.put("original", MEDIA + avatar);
        return urls;
    }

    record AvatarView(Map<String, String> avatar) {}

    private final BlobStore blobs;
    private final ProfileStore profiles;
    private final Blocking blocking;
    private final Clock clock;
    private final int maxBytes;

    AvatarController(
            BlobStore blobs, ProfileStore profiles, Blocking blocking, Clock clock, ParleyProperties properties) {
        this.blobs = blobs;
        this.profiles = profiles;
        this.blocking = blocking;
        this.clock = clock;
        this.maxBytes = (int) properties.limits().avatarSize().toBytes();
    }

    /** The body is the image itself ({@code Content-Type: image/jpeg}, {@code image/png} or {@code image/webp}). */
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Sets my picture: the body is the image itself",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @io.swagger.v3.oas.annotations.media.Content(
                                        mediaType = "image/jpeg",
                                        schema =
                                                @io.swagger.v3.oas.annotations.media.Schema(
                                                        type = "string",
                                                        format = "binary")),
                                @io.swagger.v3.oas.annotations.media.Content(
                                        mediaType = "image/png",
                                        schema =
                                                @io.swagger.v3.oas.annotations.media.Schema(
                                                        type = "string",
                                                        format = "binary")),
                                @io.swagger.v3.oas.annotations.media.Content(
                                        mediaType = "image/webp",
                                        schema =
                                                @io.swagger.v3.oas.annotations.media.Schema(
                                                        type = "string",
                                                        format = "binary"))
                            }))
    @PutMapping("/api/v1/me/avatar")
    Mono<AvatarView> upload(@AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        return ImageBody.read(exchange, maxBytes).flatMap(bytes -> blocking.call(() -> store(caller.userId(), bytes)));
    }

    private AvatarView store(long userId, byte[] bytes) {
        Images.Avatar avatar = Images.avatar(bytes);
        avatar.blobs().forEach(blobs::put);
        String previous = profiles.get(userId).avatar();
        Profile profile = profiles.setAvatar(userId, avatar.originalKey(), clock.instant());
        forgetIfUnused(previous);
        return new AvatarView(urls(profile.avatar()));
    }

    @DeleteMapping("/api/v1/me/avatar")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Caller caller) {
        return blocking.run(() -> {
            String previous = profiles.get(caller.userId()).avatar();
            profiles.setAvatar(caller.userId(), null, clock.instant());
            forgetIfUnused(previous);
        });
    }

    private void forgetIfUnused(String avatar) {
        if (avatar == null || profiles.avatarInUse(avatar)) {
            return;
        }
        String id = avatar.substring(0, avatar.indexOf('.'));
        blobs.delete(avatar);
        for (int size : Images.SIZES) {
            blobs.delete(Images.Avatar.thumbnailKey(id, size));
        }
    }

    /** The picture of whoever has none (a static file of the web client). */
    static final String DEFAULT = "/avatar-default.svg";

    /**
     * Where a user's avatar is now, or the default picture when they have none: a redirect cached
     * briefly, since the avatar may change.
     */
    @GetMapping("/media/users/{id}/avatar")
    Mono<ResponseEntity<Void>> find(@PathVariable long id, @RequestParam(defaultValue = "64") String size) {
        if (!urlsKey(size)) {
            throw ParleyException.invalid("invalid_parameter", "size is '" + size + "'; allowed 64, 256, original");
        }
        return blocking.call(() -> {
                    Map<String, String> urls = urls(profiles.get(id).avatar());
                    return urls == null ? DEFAULT : urls.get(size);
                })
                .map(location -> ResponseEntity.status(HttpStatus.FOUND)
                        .location(URI.create(location))
                        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(60)))
                        .<Void>build());
    }

    private static boolean urlsKey(String size) {
        return "original".equals(size) || "64".equals(size) || "256".equals(size);
    }

    /** The blobs themselves: immutable, so cached for a year; never sniffed as anything but an image. */
    @GetMapping(MEDIA + "{key}")
    Mono<ResponseEntity<byte[]>> blob(@PathVariable String key, ServerWebExchange exchange) {
        if (!key.matches("[0-9a-f]{32}(-(64|256))?\\.(png|jpg)")) {
            return Mono.error(ParleyException.notFound("not_found", "no such avatar"));
        }
        String etag = "\"" + key + "\"";
        CacheControl cache =
                CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
        if (etag.equals(exchange.getRequest().getHeaders().getFirst("If-None-Match"))) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(key)
                    .cacheControl(cache)
                    .build());
        }
        return blocking.call(() -> blobs.get(key).orElse(null))
                .map(bytes -> ResponseEntity.ok()
                        .contentType(key.endsWith(".jpg") ? MediaType.IMAGE_JPEG : MediaType.IMAGE_PNG)
                        .eTag(key)
                        .cacheControl(cache)
                        .header("X-Content-Type-Options", "nosniff")
                        .body(bytes))
                .switchIfEmpty(Mono.error(ParleyException.notFound("not_found", "no such avatar")));
    }
}
