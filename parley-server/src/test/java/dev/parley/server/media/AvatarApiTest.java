package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Avatars: real images only, metadata stripped, thumbnails, content-addressed URLs with long caching. */
class AvatarApiTest extends ApiTest {

    private static final byte[] SECRET = "GPS 48.8584N 2.2945E secret".getBytes(StandardCharsets.US_ASCII);

    static byte[] image(String format, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A PNG with a text chunk holding the secret, right after IHDR. */
    static byte[] pngWithText() throws Exception {
        byte[] png = image("png", 300, 200);
        byte[] data = ByteBuffer.allocate(8 + SECRET.length)
                .put("Comment\0".getBytes(StandardCharsets.US_ASCII))
                .put(SECRET)
                .array();
        return insertAt(png, 33, chunk("tEXt", data)); // 8 signature + 25 IHDR
    }

    /** A JPEG with an EXIF segment holding the secret, right after SOI. */
    static byte[] jpegWithExif() throws Exception {
        byte[] jpeg = image("jpeg", 400, 300);
        byte[] payload = ByteBuffer.allocate(6 + SECRET.length)
                .put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put(SECRET)
                .array();
        byte[] app1 = ByteBuffer.allocate(4 + payload.length)
                .put((byte) 0xff)
                .put((byte) 0xe1)
                .putShort((short) (payload.length + 2))
                .put(payload)
                .array();
        return insertAt(jpeg, 2, app1);
    }

    static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(type.getBytes(StandardCharsets.US_ASCII))
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    static byte[] insertAt(byte[] into, int at, byte[] what) {
        return ByteBuffer.allocate(into.length + what.length)
                .put(into, 0, at)
                .put(what)
                .put(into, at, into.length - at)
                .array();
    }

    private EntityExchangeResult<byte[]> upload(TestUser as, String type, byte[] body, int status) {
        return sendPicture(
                http, HttpMethod.PUT, "/api/v1/me/avatar", as == null ? null : as.accessToken(), type, body, status);
    }

    /** Sends a picture as the raw body, with the token when there is one; expects the status. */
    static EntityExchangeResult<byte[]> sendPicture(
            WebTestClient http, HttpMethod method, String path, String token, String type, byte[] body, int status) {
        var spec = http.method(method).uri(path).contentType(MediaType.parseMediaType(type));
        if (token != null) {
            spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
    }

    private String code(EntityExchangeResult<byte[]> answer) {
        return new String(answer.getResponseBody(), StandardCharsets.UTF_8)
                .replaceAll(".*\"code\":\"([a-z_]+)\".*", "$1");
    }

    private EntityExchangeResult<byte[]> fetch(String path, int status) {
        return http.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
    }

    private static BufferedImage decode(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void aPictureBecomesAStrippedOriginalAndSquareThumbnailsCachedForAYear() throws Exception {
        TestUser ann = register("avatar");
        TestUser bob = register("avatar");
        byte[] webp =
                AvatarApiTest.class.getResourceAsStream("/media/picture.webp").readAllBytes();
        for (byte[] picture : new byte[][] {pngWithText(), jpegWithExif(), webp}) {
            boolean jpeg = (picture[0] & 0xff) == 0xff;
            boolean isWebp = picture[0] == 'R';
            if (!isWebp) {
                assertThat(new String(picture, StandardCharsets.ISO_8859_1))
                        .contains(new String(SECRET, StandardCharsets.ISO_8859_1));
            }
            upload(ann, jpeg ? "image/jpeg" : isWebp ? "image/webp" : "image/png", picture, 200);
            @SuppressWarnings("unchecked")
            Map<String, String> urls = (Map<String, String>)
                    get(bob, "/api/v1/users/" + ann.id() + "/profile").get("avatar");
            assertThat(urls).containsOnlyKeys("64", "256", "original");

            EntityExchangeResult<byte[]> original = fetch(urls.get("original"), 200);
            assertThat(new String(original.getResponseBody(), StandardCharsets.ISO_8859_1))
                    .as("metadata is stripped")
                    .doesNotContain("secret");
            BufferedImage decoded = decode(original.getResponseBody());
            assertThat(decoded.getWidth()).isEqualTo(jpeg ? 400 : isWebp ? 160 : 300);
            assertThat(original.getResponseHeaders().getContentType())
                    .isEqualTo(jpeg ? MediaType.IMAGE_JPEG : MediaType.IMAGE_PNG);
            for (String size : new String[] {"64", "256"}) {
                EntityExchangeResult<byte[]> thumb = fetch(urls.get(size), 200);
                BufferedImage t = decode(thumb.getResponseBody());
                assertThat(t.getWidth()).isEqualTo(Integer.parseInt(size));
                assertThat(t.getHeight()).isEqualTo(Integer.parseInt(size));
                HttpHeaders headers = thumb.getResponseHeaders();
                assertThat(headers.getCacheControl())
                        .contains("max-age=31536000")
                        .contains("immutable");
                assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(headers.getETag()).isNotBlank();
                http.get()
                        .uri(urls.get(size))
                        .header(HttpHeaders.IF_NONE_MATCH, headers.getETag())
                        .exchange()
                        .expectStatus()
                        .isNotModified();
            }
            // found by user, without a token (an <img> sends none)
            http.get()
                    .uri("/media/users/" + ann.id() + "/avatar?size=256")
                    .exchange()
                    .expectStatus()
                    .isFound()
                    .expectHeader()
                    .valueEquals(HttpHeaders.LOCATION, urls.get("256"));
        }
    }

    @Test
    void onlyRealImagesOfAllowedTypesAndSizesAreTaken() throws Exception {
        TestUser ann = register("badimg");
        byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        assertThat(code(upload(ann, "image/png", script, 400)))
                .as("a PNG that is really a script")
                .isEqualTo("invalid_image");
        byte[] png = image("png", 50, 50);
        byte[] truncated = java.util.Arrays.copyOf(png, 40);
        assertThat(code(upload(ann, "image/png", truncated, 400))).isEqualTo("invalid_image");
        assertThat(code(upload(ann, "image/gif", image("gif", 20, 20), 400)))
                .as("GIF is not taken")
                .isEqualTo("invalid_image");
        // a PNG header claiming 20000 x 20000 pixels is refused before anything is decoded
        byte[] bomb = png.clone();
        ByteBuffer.wrap(bomb, 16, 8).putInt(20_000).putInt(20_000);
        CRC32 crc = new CRC32();
        crc.update(bomb, 12, 17);
        ByteBuffer.wrap(bomb, 29, 4).putInt((int) crc.getValue());
        assertThat(code(upload(ann, "image/png", bomb, 400))).isEqualTo("invalid_image");
        assertThat(code(upload(ann, "text/plain", png, 415))).isEqualTo("unsupported_media_type");
        byte[] brokenWebp = insertAt("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 16, new byte[32]);
        assertThat(code(upload(ann, "image/webp", brokenWebp, 400))).isEqualTo("invalid_image");
        assertThat(code(upload(ann, "image/png", new byte[5 * 1024 * 1024 + 1], 413)))
                .isEqualTo("body_too_large");
        upload(null, "image/png", png, 401);
    }

    @Test
    void deletingAnAvatarRemovesItsFiles() throws Exception {
        TestUser ann = register("delimg");
        upload(ann, "image/png", image("png", 120, 80), 200);
        @SuppressWarnings("unchecked")
        Map<String, String> urls = (Map<String, String>)
                get(ann, "/api/v1/users/" + ann.id() + "/profile").get("avatar");
        call(ann, HttpMethod.DELETE, "/api/v1/me/avatar", null, 204);
        assertThat(get(ann, "/api/v1/users/" + ann.id() + "/profile").get("avatar"))
                .isNull();
        fetch(urls.get("64"), 404);
        fetch(urls.get("original"), 404);
        http.get()
                .uri("/media/users/" + ann.id() + "/avatar")
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, "/avatar-default.svg");
        fetch("/avatar-default.svg", 200);
        fetch("/media/users/" + ann.id() + "/avatar?size=13", 400);
    }
}
