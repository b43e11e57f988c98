package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.ServerSecret;
import dev.parley.server.api.ApiTest;
import dev.parley.server.config.ParleyProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files and images in chats: uploaded into a chat, sent in a message, downloaded by signed links
 * that expire, never served as a page, erased with their message, swept when never sent.
 */
class AttachmentsApiTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ChatFiles files;

    @Autowired
    ServerSecret secret;

    @Autowired
    ParleyProperties properties;

    private EntityExchangeResult<byte[]> upload(TestUser as, long chat, String name, byte[] body, int status) {
        return AvatarApiTest.sendPicture(
                http,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/uploads?name=" + name,
                as == null ? null : as.accessToken(),
                "application/octet-stream",
                body,
                status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(EntityExchangeResult<byte[]> answer) {
        return JSON.readValue(answer.getResponseBody(), Map.class);
    }

    private String uploaded(TestUser as, long chat, String name, byte[] body) {
        return (String) json(upload(as, chat, name, body, 201)).get("id");
    }

    private Map<String, Object> sendWith(TestUser as, long chat, String text, List<String> attachments, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (text != null) {
            body.put("text", text);
        }
        body.put("clientMsgId", uniqueName("m"));
        body.put("attachments", attachments);
        return call(as, HttpMethod.POST, "/api/v1/chats/" + chat + "/messages", body, status);
    }

    private EntityExchangeResult<byte[]> fetch(String url, int status) {
        return http.get()
                .uri(java.net.URI.create("http://localhost:" + port + url))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attachments(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("attachments");
    }

    @Test
    void imagesAndFilesAreSentInAMessageAndDownloadedByWhoReadsTheChat() throws Exception {
        TestUser alice = register("files");
        TestUser bob = register("files");
        long chat = direct(alice, bob);
        byte[] photo = AvatarApiTest.jpegWithExif();
        byte[] pdf = "%PDF-1.4 quarterly figures".getBytes(StandardCharsets.US_ASCII);
        String image = uploaded(alice, chat, "holiday.jpg", photo);
        String report = uploaded(alice, chat, "report-q3.pdf", pdf);

        Map<String, Object> sent = sendWith(alice, chat, "the photo and the report", List.of(image, report), 201);

        List<Map<String, Object>> shown = attachments(sent);
        assertThat(shown).extracting(a -> a.get("id")).containsExactly(image, report);
        assertThat(shown.get(0))
                .containsEntry("kind", "image")
                .containsEntry("name", "holiday.jpg")
                .containsEntry("contentType", "image/jpeg")
                .containsKeys("width", "height", "url", "previewUrl");
        assertThat(shown.get(1))
                .containsEntry("kind", "file")
                .containsEntry("contentType", "application/pdf")
                .containsEntry("size", pdf.length)
                .doesNotContainKey("previewUrl");

        Map<String, Object> read =
                items(get(bob, "/api/v1/chats/" + chat + "/messages")).get(0);
        List<Map<String, Object>> forBob = attachments(read);
        EntityExchangeResult<byte[]> picture = fetch((String) forBob.get(0).get("url"), 200);
        assertThat(picture.getResponseHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);
        assertThat(picture.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("inline");
        assertThat(picture.getResponseHeaders().getFirst("X-Content-Type-Options"))
                .isEqualTo("nosniff");
        assertThat(new String(picture.getResponseBody(), StandardCharsets.ISO_8859_1))
                .as("the photo's metadata is gone")
                .doesNotContain("GPS");
        assertThat(ImageIO.read(new ByteArrayInputStream(picture.getResponseBody()))
                        .getWidth())
                .isEqualTo(forBob.get(0).get("width"));
        fetch((String) forBob.get(0).get("previewUrl"), 200);
        EntityExchangeResult<byte[]> document = fetch((String) forBob.get(1).get("url"), 200);
        assertThat(document.getResponseBody()).isEqualTo(pdf);
        assertThat(document.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("attachment")
                .contains("report-q3.pdf");

        assertThat(items(get(bob, "/api/v1/search/messages?q=report")))
                .as("search finds a message by its file's name")
                .extracting(m -> m.get("id"))
                .containsExactly(sent.get("id"));
        Map<String, Object> filesOnly =
                sendWith(alice, chat, null, List.of(uploaded(alice, chat, "a.txt", new byte[] {'x'})), 201);
        assertThat(filesOnly).containsEntry("text", "");
    }

    @Test
    void linksAreSignedExpireAndNeverServeAPage() {
        TestUser alice = register("links");
        TestUser bob = register("links");
        long chat = direct(alice, bob);
        byte[] page = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        String id = uploaded(alice, chat, "cat.png", page);
        Map<String, Object> sent = sendWith(alice, chat, "a cat", List.of(id), 201);
        Map<String, Object> file = attachments(sent).get(0);
        assertThat(file).containsEntry("kind", "file").containsEntry("contentType", "text/plain; charset=utf-8");

        EntityExchangeResult<byte[]> served = fetch((String) file.get("url"), 200);
        assertThat(served.getResponseHeaders().getContentType().toString()).doesNotContain("html");
        assertThat(served.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("attachment");
        assertThat(served.getResponseHeaders().getFirst("Content-Security-Policy"))
                .contains("sandbox");

        String url = (String) file.get("url");
        String forged = url.replaceAll("sig=[^&]+", "sig=AAAA");
        assertThat(code(fetch(forged, 403))).isEqualTo("invalid_link");
        assertThat(code(fetch(url.replaceAll("exp=\\d+", "exp=99999999999"), 403)))
                .isEqualTo("invalid_link");
        assertThat(code(fetch("/files/" + id + "/original", 403))).isEqualTo("invalid_link");
        FileLinks past = new FileLinks(
                secret, Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC), Duration.ofHours(1));
        assertThat(code(fetch(past.link(id, "original"), 403)))
                .as("a link from three hours ago, signed with the server's key, has expired")
                .isEqualTo("link_expired");
        assertThat(code(fetch(url.replace("/original?", "/preview?"), 403)))
                .as("a link names its variant")
                .isEqualTo("invalid_link");
    }

    @Test
    void whoMayUploadAndWhatAMessageMayTake() {
        TestUser alice = register("rules");
        TestUser bob = register("rules");
        TestUser stranger = register("rules");
        long chat = direct(alice, bob);
        long other = direct(alice, stranger);

        assertThat(code(upload(stranger, chat, "x.txt", new byte[] {1}, 404))).isEqualTo("chat_not_found");
        assertThat(code(upload(null, chat, "x.txt", new byte[] {1}, 401))).isEqualTo("unauthenticated");
        assertThat(code(upload(alice, chat, "", new byte[] {1}, 400))).isEqualTo("invalid_file_name");
        assertThat(code(upload(alice, chat, "invoice\u202Efdp.exe", new byte[] {1}, 400)))
                .as("a right-to-left override would show the name as invoiceexe.pdf")
                .isEqualTo("invalid_file_name");
        assertThat(code(upload(alice, chat, "x.txt", new byte[0], 400))).isEqualTo("missing_body");

        String bobs = uploaded(bob, chat, "b.txt", new byte[] {'b'});
        String elsewhere = uploaded(alice, other, "c.txt", new byte[] {'c'});
        String mine = uploaded(alice, chat, "m.txt", new byte[] {'m'});
        for (List<String> bad : List.of(List.of(bobs), List.of(elsewhere), List.of(mine, mine), List.of("nope"))) {
            problem(
                    alice,
                    HttpMethod.POST,
                    "/api/v1/chats/" + chat + "/messages",
                    Map.of("text", "hi", "clientMsgId", uniqueName("m"), "attachments", bad),
                    400,
                    "invalid_attachments");
        }
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(uploaded(alice, chat, "f" + i + ".txt", new byte[] {'f'}));
        }
        problem(
                alice,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", uniqueName("m"), "attachments", eleven),
                400,
                "invalid_attachments");
        sendWith(alice, chat, "first", List.of(mine), 201);
        problem(
                alice,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("text", "again", "clientMsgId", uniqueName("m"), "attachments", List.of(mine)),
                400,
                "invalid_attachments");
        assertThat(items(get(alice, "/api/v1/chats/" + chat + "/messages")))
                .as("no refused message was stored")
                .extracting(m -> m.get("text"))
                .containsExactly("first");
    }

    @Test
    void aUserHoldsAtMostTheLimitOfUnsentUploadsAndSendingOneFreesAPlace() {
        TestUser alice = register("quota");
        TestUser bob = register("quota");
        long chat = direct(alice, bob);
        int max = properties.limits().unsentUploads();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(uploaded(alice, chat, "q" + i + ".txt", new byte[] {'q'}));
        }

        assertThat(code(upload(alice, chat, "one-more.txt", new byte[] {'q'}, 409)))
                .isEqualTo("too_many_unsent_uploads");
        assertThat(uploaded(bob, chat, "bobs.txt", new byte[] {'b'}))
                .as("bob's count is his own")
                .isNotBlank();
        sendWith(alice, chat, "two of them", held.subList(0, 2), 201);
        uploaded(alice, chat, "fits-now.txt", new byte[] {'q'});
        uploaded(alice, chat, "and-this.txt", new byte[] {'q'});
        assertThat(code(upload(alice, chat, "full-again.txt", new byte[] {'q'}, 409)))
                .isEqualTo("too_many_unsent_uploads");
    }

    @Test
    void filesOverTheLimitAreRefusedWhetherTheirLengthIsDeclaredOrNot() {
        TestUser alice = register("big");
        TestUser bob = register("big");
        long chat = direct(alice, bob);
        byte[] tooBig = new byte[25 * 1024 * 1024 + 1];
        assertThat(code(upload(alice, chat, "big.bin", tooBig, 413))).isEqualTo("body_too_large");

        Flux<DataBuffer> chunked =
                Flux.range(0, 27).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[1024 * 1024]));
        EntityExchangeResult<byte[]> streamed = http.post()
                .uri("/api/v1/chats/" + chat + "/uploads?name=stream.bin")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + alice.accessToken())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunked, DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .returnResult();
        assertThat(code(streamed)).isEqualTo("body_too_large");
    }

    @Test
    void anEditRemovesFilesButNeverAddsOne() {
        TestUser alice = register("edit");
        TestUser bob = register("edit");
        long chat = direct(alice, bob);
        String keep = uploaded(alice, chat, "keep.txt", new byte[] {'k'});
        String drop = uploaded(alice, chat, "drop.txt", new byte[] {'d'});
        String later = uploaded(alice, chat, "later.txt", new byte[] {'l'});
        Map<String, Object> sent = sendWith(alice, chat, null, List.of(keep, drop), 201);
        String path = "/api/v1/chats/" + chat + "/messages/" + sent.get("id");
        String dropUrl = (String) attachments(sent).get(1).get("url");

        problem(
                alice,
                HttpMethod.PATCH,
                path,
                Map.of("text", "", "removeAttachments", List.of(later)),
                400,
                "invalid_attachments");
        problem(
                bob,
                HttpMethod.PATCH,
                path,
                Map.of("text", "", "removeAttachments", List.of(drop)),
                403,
                "not_the_author");
        problem(
                alice,
                HttpMethod.PATCH,
                path,
                java.util.Collections.singletonMap("removeAttachments", java.util.Arrays.asList((String) null)),
                400,
                "invalid_attachments");
        call(alice, HttpMethod.PATCH, path, Map.of("text", "two files here"), 200);
        Map<String, Object> edited =
                call(alice, HttpMethod.PATCH, path, Map.of("removeAttachments", List.of(drop)), 200);

        assertThat(attachments(edited)).extracting(a -> a.get("id")).containsExactly(keep);
        assertThat(edited).as("removing files without a text keeps the text").containsEntry("text", "two files here");
        assertThat(code(fetch(dropUrl, 404))).isEqualTo("file_not_found");
        problem(
                alice,
                HttpMethod.PATCH,
                path,
                Map.of("text", "", "removeAttachments", List.of(keep)),
                400,
                "empty_text");
    }

    @Test
    void deletingAMessageErasesItsFilesAndUnsentUploadsAreSwept() {
        TestUser alice = register("erase");
        TestUser bob = register("erase");
        long chat = direct(alice, bob);
        String id = uploaded(alice, chat, "secret.txt", "the plan".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> sent = sendWith(alice, chat, "see file", List.of(id), 201);
        String url = (String) attachments(sent).get(0).get("url");
        fetch(url, 200);

        call(alice, HttpMethod.DELETE, "/api/v1/chats/" + chat + "/messages/" + sent.get("id"), null, 204);
        assertThat(code(fetch(url, 404))).isEqualTo("file_not_found");
        assertThat(attachments(get(bob, "/api/v1/chats/" + chat + "/messages/" + sent.get("id"))))
                .isEmpty();
        assertThat(items(get(bob, "/api/v1/search/messages?q=secret"))).isEmpty();

        Map<String, Object> retry = call(
                alice,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("text", "see file", "clientMsgId", sent.get("clientMsgId"), "attachments", List.of(id)),
                200);
        assertThat(retry)
                .as("a retry after the original was deleted (its file with it) is answered with the original")
                .containsEntry("id", sent.get("id"))
                .containsEntry("deleted", true);

        String unsent = uploaded(alice, chat, "draft.txt", new byte[] {'d'});
        assertThat(files.sweepUploadedBefore(Instant.now().plusSeconds(5))).isGreaterThanOrEqualTo(1);
        problem(
                alice,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("text", "late", "clientMsgId", uniqueName("m"), "attachments", List.of(unsent)),
                400,
                "invalid_attachments");
    }

    private static String code(EntityExchangeResult<byte[]> answer) {
        return new String(answer.getResponseBody(), StandardCharsets.UTF_8)
                .replaceAll("(?s).*\"code\":\"([a-z_]+)\".*", "$1");
    }
}
