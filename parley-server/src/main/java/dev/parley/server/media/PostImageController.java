package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import dev.parley.core.social.Post;
import dev.parley.core.social.PostImage;
import dev.parley.core.social.PostService;
import dev.parley.server.account.Caller;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Blocking;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Pictures in posts: uploaded first as the raw image ({@code POST /api/v1/posts/images}), then
 * named by the post that shows them. They are served only to who may see the post, with the
 * caller's token (a client fetches them and shows the bytes), never to anyone holding a link.
 */
@RestController
class PostImageController {

    record UploadedImage(String id, int width, int height) {}

    private final PostPictures pictures;
    private final PostService posts;
    private final Blocking blocking;
    private final int maxBytes;

    PostImageController(PostPictures pictures, PostService posts, Blocking blocking, ParleyProperties properties) {
        this.pictures = pictures;
        this.posts = posts;
        this.blocking = blocking;
        this.maxBytes = (int) properties.limits().imageSize().toBytes();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Uploads a picture for a post I am writing: the body is the image itself"
                    + " (JPEG, PNG or WebP); name its id in the post within the upload time to live. One holds"
                    + " at most parley.limits.unsent-uploads pictures no post took (409 too_many_unsent_uploads)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            mediaType = "image/*",
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            type = "string",
                                                            format = "binary"))))
    @PostMapping("/api/v1/posts/images")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UploadedImage> upload(@AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        return blocking.run(() -> pictures.checkUploader(caller.userId()))
                .then(ImageBody.read(exchange, maxBytes))
                .flatMap(bytes -> blocking.call(() -> {
                    PostImage image = pictures.store(caller.userId(), bytes);
                    return new UploadedImage(image.id(), image.width(), image.height());
                }));
    }

    /** A picture of a post the caller may see: {@code size=preview} (the default) or {@code full}. */
    @GetMapping("/api/v1/posts/{postId}/images/{imageId}")
    Mono<ResponseEntity<byte[]>> image(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long postId,
            @PathVariable String imageId,
            @RequestParam(defaultValue = "preview") String size) {
        if (!"preview".equals(size) && !"full".equals(size)) {
            throw ParleyException.invalid("invalid_parameter", "size is '" + size + "'; allowed preview, full");
        }
        return blocking.call(() -> {
            Post post = posts.get(postId, caller.userId()); // 404 for whoever may not see it
            PostImage image = post.images().stream()
                    .filter(i -> i.id().equals(imageId))
                    .findFirst()
                    .orElseThrow(() -> ParleyException.notFound(
                            "image_not_found", "post " + postId + " has no picture " + imageId));
            byte[] bytes = pictures.read(image, "preview".equals(size))
                    .orElseThrow(() -> ParleyException.notFound("image_not_found", "the picture is gone"));
            return ResponseEntity.ok()
                    .contentType("jpg".equals(image.format()) ? MediaType.IMAGE_JPEG : MediaType.IMAGE_PNG)
                    .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                    .eTag(image.id() + "-" + size)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", "inline")
                    .body(bytes);
        });
    }
}
