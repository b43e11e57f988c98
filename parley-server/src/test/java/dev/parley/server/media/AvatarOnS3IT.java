package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiClient;
import dev.parley.server.testing.RequiresS3rver;
import dev.parley.server.testing.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A server configured with {@code parley.blobs.store=s3} keeps avatars and chat files in the bucket and serves them from there. */
@RequiresS3rver
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.auth.bcrypt-cost=4", "parley.db.sqlite-full-sync=false"})
class AvatarOnS3IT extends ApiClient {

    private static Path dir;
    private static S3rver s3;

    @LocalServerPort
    int port;

    private WebTestClient http;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("parley-avatar-s3");
        s3 = new S3rver(dir.resolve("bucket"), "avatars");
        registry.add("parley.data-dir", () -> dir.resolve("data").toString());
        registry.add("parley.blobs.store", () -> "s3");
        registry.add("parley.blobs.s3.endpoint", s3::endpoint);
        registry.add("parley.blobs.s3.bucket", () -> "avatars");
        registry.add("parley.blobs.s3.access-key", () -> "S3RVER");
        registry.add("parley.blobs.s3.secret-key", () -> "S3RVER");
        registry.add("parley.blobs.s3.path-style", () -> "true");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @BeforeEach
    void bind() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Override
    protected WebTestClient client() {
        return http;
    }

    @Test
    void anAvatarIsStoredInTheBucketAndServedFromIt() throws Exception {
        TestUser ann = register("s3");
        http.put()
                .uri("/api/v1/me/avatar")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ann.accessToken())
                .contentType(MediaType.IMAGE_PNG)
                .bodyValue(AvatarApiTest.image("png", 90, 60))
                .exchange()
                .expectStatus()
                .isOk();
        @SuppressWarnings("unchecked")
        Map<String, String> urls = (Map<String, String>)
                get(ann, "/api/v1/users/" + ann.id() + "/profile").get("avatar");
        byte[] thumb = download(urls.get("64"));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb))
                        .getWidth())
                .isEqualTo(64);
        try (Stream<Path> files = Files.walk(dir.resolve("bucket"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the files are in the bucket's storage")
                    .anyMatch(name -> name.contains("-64.png"));
        }
        assertThat(Files.exists(dir.resolve("data").resolve("blobs")))
                .as("nothing kept locally")
                .isFalse();
    }

    @Test
    void aChatFileIsKeptInTheBucketAndDownloadedFromIt() throws Exception {
        TestUser ann = register("s3f");
        TestUser bob = register("s3f");
        long chat = direct(ann, bob);
        byte[] content = "minutes of the meeting".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String answer = new String(
                AvatarApiTest.sendPicture(
                                http,
                                org.springframework.http.HttpMethod.POST,
                                "/api/v1/chats/" + chat + "/uploads?name=minutes.txt",
                                ann.accessToken(),
                                "application/octet-stream",
                                content,
                                201)
                        .getResponseBody(),
                java.nio.charset.StandardCharsets.UTF_8);
        String id = answer.replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
        Map<String, Object> sent = call(
                ann,
                org.springframework.http.HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", "s3-file", "attachments", java.util.List.of(id)),
                201);
        @SuppressWarnings("unchecked")
        Map<String, Object> attachment = ((java.util.List<Map<String, Object>>) sent.get("attachments")).get(0);

        byte[] downloaded = download((String) attachment.get("url"));
        assertThat(downloaded).isEqualTo(content);
        try (Stream<Path> files = Files.walk(dir.resolve("bucket"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the file is in the bucket's storage")
                    .anyMatch(name -> name.contains("a" + id));
        }
    }
}
