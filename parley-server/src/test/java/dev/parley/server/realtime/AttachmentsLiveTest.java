package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** A message with files sent over the socket: delivered live and replayed on resume with its files. */
class AttachmentsLiveTest extends ApiTest {

    private String upload(TestUser as, long chat, String name, byte[] body) {
        String json = new String(
                http.post()
                        .uri("/api/v1/chats/" + chat + "/uploads?name=" + name)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + as.accessToken())
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        return json.replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> frame) {
        return (List<Map<String, Object>>) ((Map<String, Object>) frame.get("message")).get("attachments");
    }

    @Test
    void filesTravelWithTheirMessageLiveAndOnResume() {
        TestUser alice = register("wsfiles");
        TestUser bob = register("wsfiles");
        long chat = direct(alice, bob);
        String notes = upload(alice, chat, "notes.txt", "minutes".getBytes(StandardCharsets.UTF_8));

        try (WsClient bobLive = WsClient.live(port, bob.accessToken(), Map.of(chat, 0L));
                WsClient aliceLive = WsClient.live(port, alice.accessToken(), Map.of(chat, 0L))) {
            aliceLive.send(Map.of(
                    "type", "send", "id", "s1", "chatId", chat, "clientMsgId", "f1", "attachments", List.of(notes)));
            List<Map<String, Object>> skipped = new ArrayList<>();
            Map<String, Object> ack = aliceLive.awaitMatching(f -> "ack".equals(f.get("type")), skipped);
            assertThat(ack).containsEntry("id", "s1").containsEntry("seq", 1);

            Map<String, Object> live = bobLive.await("message_created");
            assertThat(((Map<?, ?>) live.get("message")).get("text")).isEqualTo("");
            assertThat(files(live))
                    .singleElement()
                    .satisfies(f -> assertThat(f)
                            .containsEntry("id", notes)
                            .containsEntry("name", "notes.txt")
                            .containsEntry("kind", "file")
                            .containsKey("url"));
            String url = (String) files(live).get(0).get("url");
            byte[] downloaded = download(url);
            assertThat(new String(downloaded, StandardCharsets.UTF_8)).isEqualTo("minutes");

            long messageId = ((Number) ack.get("messageId")).longValue();
            aliceLive.send(Map.of(
                    "type", "edit", "id", "e1", "chatId", chat, "messageId", messageId, "text", "with the minutes"));
            assertThat(aliceLive.awaitMatching(
                            f -> "ack".equals(f.get("type")) && "e1".equals(f.get("id")), new ArrayList<>()))
                    .containsEntry("seq", 2);
            aliceLive.send(Map.of(
                    "type",
                    "edit",
                    "id",
                    "e2",
                    "chatId",
                    chat,
                    "messageId",
                    messageId,
                    "removeAttachments",
                    List.of(notes)));
            assertThat(aliceLive.awaitMatching(
                            f -> "ack".equals(f.get("type")) && "e2".equals(f.get("id")), new ArrayList<>()))
                    .as("removing the file over the socket keeps the text")
                    .containsEntry("seq", 3);
            Map<String, Object> edited = bobLive.awaitMatching(
                    f -> "message_edited".equals(f.get("type"))
                            && Integer.valueOf(3).equals(f.get("seq")),
                    new ArrayList<>());
            assertThat(((Map<?, ?>) edited.get("message")).get("text")).isEqualTo("with the minutes");
            assertThat(files(edited)).isEmpty();

            aliceLive.send(Map.of("type", "send", "id", "s2", "chatId", chat, "clientMsgId", "f2"));
            Map<String, Object> refused = aliceLive.awaitMatching(
                    f -> "error".equals(f.get("type")) && "s2".equals(f.get("id")), new ArrayList<>());
            assertThat(refused.get("code")).as("text is required without files").isEqualTo("missing_field");
        }

        try (WsClient resumed = WsClient.live(port, bob.accessToken(), Map.of(chat, 0L))) {
            Map<String, Object> replayed = resumed.await("message_created");
            assertThat(files(replayed))
                    .as("a replay shows the message as it is now: its file was removed")
                    .isEmpty();
            assertThat(((Map<?, ?>) replayed.get("message")).get("text")).isEqualTo("with the minutes");
        }
    }
}
