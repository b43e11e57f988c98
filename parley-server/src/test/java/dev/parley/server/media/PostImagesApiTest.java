package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.media.BlobStore;
import dev.parley.server.api.ApiTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Pictures in posts: uploaded, then named by a post; served only to who may see the post, as the
 * image they really are; erased with the post.
 */
class PostImagesApiTest extends ApiTest {

    @Autowired
    BlobStore blobs;

    @Autowired
    PostPictures pictures;

    @Autowired
    dev.parley.server.config.ParleyProperties properties;

    private EntityExchangeResult<byte[]> upload(TestUser as, String type, byte[] body, int status) {
        return AvatarApiTest.sendPicture(
                http,
                HttpMethod.POST,
                "/api/v1/posts/images",
                as == null ? null : as.accessToken(),
                type,
                body,
                status);
    }

    private String uploaded(TestUser as, byte[] image) {
        String json = new String(upload(as, "image/png", image, 201).getResponseBody(), StandardCharsets.UTF_8);
        return json.replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
    }

    private EntityExchangeResult<byte[]> fetch(TestUser as, String path, int status) {
        var spec = http.get().uri(path);
        if (as != null) {
            spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + as.accessToken());
        }
        return spec.exchange().expectStatus().isEqualTo(status).expectBody().returnResult();
    }

    private static BufferedImage decode(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private void befriend(TestUser a, TestUser b) {
        post(a, "/api/v1/friends/requests", Map.of("userId", b.id()), 200);
        post(b, "/api/v1/friends/requests/" + a.id() + "/accept", null, 200);
    }

    @Test
    void anAuthorHoldsAtMostTheLimitOfPicturesNoPostTook() throws Exception {
        TestUser author = register("pics");
        byte[] png = AvatarApiTest.image("png", 8, 8);
        int max = properties.limits().unsentUploads();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(uploaded(author, png));
        }

        assertThat(new String(upload(author, "image/png", png, 409).getResponseBody(), StandardCharsets.UTF_8))
                .contains("too_many_unsent_uploads");
        post(author, "/api/v1/posts", Map.of("text", "", "images", held.subList(0, 1)), 201);
        uploaded(author, png);
        upload(author, "image/png", png, 409);
    }

    @Test
    void aPictureIsShownToWhoMaySeeThePostAndToNobodyElse() throws Exception {
        TestUser author = register("pic");
        TestUser friend = register("pic");
        TestUser stranger = register("pic");
        befriend(author, friend);
        String big = uploaded(author, AvatarApiTest.image("png", 2000, 1000));
        String small = uploaded(author, AvatarApiTest.image("jpeg", 300, 200));

        Map<String, Object> post = post(
                author,
                "/api/v1/posts",
                Map.of("text", "", "visibility", "friends", "images", List.of(big, small)),
                201);
        List<Map<String, Object>> images =
                ((List<?>) post.get("images")).stream().map(v -> map(v)).toList();
        assertThat(images).extracting(i -> i.get("id")).containsExactly(big, small);
        assertThat(images.get(0)).containsEntry("width", 2000).containsEntry("height", 1000);
        String url = (String) images.get(0).get("url");

        EntityExchangeResult<byte[]> preview = fetch(friend, url, 200);
        assertThat(preview.getResponseHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(preview.getResponseHeaders().getFirst("X-Content-Type-Options"))
                .isEqualTo("nosniff");
        assertThat(preview.getResponseHeaders().getCacheControl()).contains("private");
        BufferedImage shown = decode(preview.getResponseBody());
        assertThat(shown.getWidth()).isEqualTo(1280);
        assertThat(shown.getHeight()).isEqualTo(640);
        assertThat(decode(fetch(author, url + "?size=full", 200).getResponseBody())
                        .getWidth())
                .isEqualTo(2000);
        assertThat(fetch(friend, (String) images.get(1).get("url"), 200)
                        .getResponseHeaders()
                        .getContentType())
                .isEqualTo(MediaType.IMAGE_JPEG);

        problem(stranger, HttpMethod.GET, url, null, 404, "post_not_found");
        fetch(null, url, 401);
        problem(friend, HttpMethod.GET, url.replace(big, "0".repeat(32)), null, 404, "image_not_found");
        problem(friend, HttpMethod.GET, url + "?size=huge", null, 400, "invalid_parameter");

        // erased with the post
        long id = num(post.get("id"));
        call(author, HttpMethod.DELETE, "/api/v1/posts/" + id, null, 204);
        assertThat(blobs.get(Images.Picture.fullKey(big, "png"))).isEmpty();
        assertThat(blobs.get(Images.Picture.previewKey(big, "png"))).isEmpty();
        assertThat(blobs.get(Images.Picture.fullKey(small, "jpg"))).isEmpty();
    }

    @Test
    void uploadsBelongToTheirOwnerAndToOnePostAtMostFourAtATime() throws Exception {
        TestUser ann = register("pic");
        TestUser bob = register("pic");
        byte[] png = AvatarApiTest.image("png", 40, 40);
        String annsPicture = uploaded(ann, png);

        problem(
                bob,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "mine now", "images", List.of(annsPicture)),
                400,
                "invalid_images");
        post(ann, "/api/v1/posts", Map.of("text", "first", "images", List.of(annsPicture)), 201);
        problem(
                ann,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "again", "images", List.of(annsPicture)),
                400,
                "invalid_images");
        problem(
                ann,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "not an id", "images", List.of("../etc")),
                400,
                "invalid_images");

        List<String> five = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(uploaded(ann, png));
        }
        problem(ann, HttpMethod.POST, "/api/v1/posts", Map.of("text", "five", "images", five), 400, "invalid_images");
        problem(
                ann,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "twice", "images", List.of(five.get(0), five.get(0))),
                400,
                "invalid_images");
        problem(ann, HttpMethod.POST, "/api/v1/posts", Map.of("text", " ", "images", List.of()), 400, "empty_text");
        assertThat(post(ann, "/api/v1/posts", Map.of("text", "four", "images", five.subList(0, 4)), 201)
                        .get("images"))
                .asList()
                .hasSize(4);
    }

    @Test
    void uploadsNoPostTookAreSweptAwayWithTheirBlobs() throws Exception {
        TestUser ann = register("pic");
        byte[] png = AvatarApiTest.image("png", 40, 40);
        String unused = uploaded(ann, png);
        String used = uploaded(ann, png);
        post(ann, "/api/v1/posts", Map.of("text", "kept", "images", List.of(used)), 201);
        assertThat(blobs.get(Images.Picture.fullKey(unused, "png"))).isPresent();

        assertThat(pictures.sweepUploadedBefore(java.time.Instant.now().plusSeconds(5)))
                .isGreaterThanOrEqualTo(1);
        assertThat(blobs.get(Images.Picture.fullKey(unused, "png"))).isEmpty();
        assertThat(blobs.get(Images.Picture.previewKey(unused, "png"))).isEmpty();
        assertThat(blobs.get(Images.Picture.fullKey(used, "png"))).isPresent();
        problem(
                ann,
                HttpMethod.POST,
                "/api/v1/posts",
                Map.of("text", "late", "images", List.of(unused)),
                400,
                "invalid_images");
    }

    @Test
    void onlyRealPicturesWithinTheLimitAreTaken() throws Exception {
        TestUser ann = register("pic");
        byte[] script = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(upload(ann, "image/png", script, 400).getResponseBody(), StandardCharsets.UTF_8))
                .contains("invalid_image");
        assertThat(new String(upload(ann, "text/html", script, 415).getResponseBody(), StandardCharsets.UTF_8))
                .contains("unsupported_media_type");
        upload(ann, "image/png", new byte[10 * 1024 * 1024 + 1], 413);
        upload(null, "image/png", AvatarApiTest.image("png", 10, 10), 401);
    }
}
