package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class MessageApiTest extends ApiTest {

    private String messages(long chat) {
        return "/api/v1/chats/" + chat + "/messages";
    }

    @Test
    void sendAnswersTheStoredMessageWithItsSeq() {
        TestUser a = register("snd");
        TestUser b = register("snd");
        long chat = direct(a, b);

        Map<String, Object> first = post(a, messages(chat), Map.of("text", "  hello  ", "clientMsgId", "c-1"), 201);
        Map<String, Object> second = send(b, chat, "hi back");

        assertThat(first)
                .containsEntry("text", "hello")
                .containsEntry("seq", 1)
                .containsEntry("chatId", (int) chat)
                .containsEntry("clientMsgId", "c-1")
                .containsEntry("deleted", false);
        assertThat(num(first.get("id"))).isPositive();
        assertThat(map(first.get("author"))).containsEntry("username", a.username());
        assertThat(first.get("createdAt")).isNotNull();
        assertThat(second).containsEntry("seq", 2);
    }

    @Test
    void resendingAClientMsgIdReturnsTheOriginalMessage() {
        TestUser a = register("idem");
        TestUser b = register("idem");
        long chat = direct(a, b);

        Map<String, Object> original = post(a, messages(chat), Map.of("text", "once", "clientMsgId", "same"), 201);
        Map<String, Object> retry = post(a, messages(chat), Map.of("text", "once", "clientMsgId", "same"), 200);

        assertThat(retry).isEqualTo(original);
        assertThat(items(get(a, messages(chat)))).hasSize(1);
        long otherChat = createGroup(a, "Other", "private", List.of());
        problem(
                a,
                HttpMethod.POST,
                messages(otherChat),
                Map.of("text", "once", "clientMsgId", "same"),
                409,
                "client_msg_id_reused");
    }

    @Test
    void aClientMsgIdReusedForAnotherTextOrReplyIsRefusedNotTakenForARetry() {
        TestUser a = register("reuse");
        long chat = createGroup(a, "Reuse", "private", List.of());
        Map<String, Object> original = post(a, messages(chat), Map.of("text", " once ", "clientMsgId", "one"), 201);

        assertThat(post(a, messages(chat), Map.of("text", "once", "clientMsgId", "one"), 200))
                .isEqualTo(original);
        problem(
                a,
                HttpMethod.POST,
                messages(chat),
                Map.of("text", "twice", "clientMsgId", "one"),
                409,
                "client_msg_id_reused");
        problem(
                a,
                HttpMethod.POST,
                messages(chat),
                Map.of("text", "once", "clientMsgId", "one", "replyTo", num(original.get("id"))),
                409,
                "client_msg_id_reused");
        assertThat(items(get(a, messages(chat)))).extracting(m -> m.get("text")).containsExactly("once");

        // once edited, the first text is gone: a late retry gets the message as it is now
        call(a, HttpMethod.PATCH, messages(chat) + "/" + original.get("id"), Map.of("text", "edited"), 200);
        assertThat(post(a, messages(chat), Map.of("text", "once", "clientMsgId", "one"), 200))
                .containsEntry("text", "edited");
    }

    @Test
    void concurrentRetriesOfOneSendCreateOneMessage() throws Exception {
        TestUser a = register("conc");
        TestUser b = register("conc");
        long chat = direct(a, b);
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(pool.submit(() -> {
                    var body = Map.of("text", "racing", "clientMsgId", "race-1");
                    int status = http.post()
                            .uri(messages(chat))
                            .header("Authorization", "Bearer " + a.accessToken())
                            .bodyValue(body)
                            .exchange()
                            .returnResult(Void.class)
                            .getStatus()
                            .value();
                    assertThat(status).isIn(200, 201);
                    return num(post(a, messages(chat), body, 200).get("id"));
                }));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(items(get(a, messages(chat)))).hasSize(1);
        assertThat(get(a, "/api/v1/chats/" + chat)).containsEntry("lastSeq", 1);
    }

    @Test
    void enforcesTheTextLimits() {
        TestUser a = register("len");
        TestUser b = register("len");
        long chat = direct(a, b);

        problem(a, HttpMethod.POST, messages(chat), Map.of("text", "   ", "clientMsgId", "e"), 400, "empty_text");
        Map<String, Object> tooLong = problem(
                a,
                HttpMethod.POST,
                messages(chat),
                Map.of("text", "x".repeat(4001), "clientMsgId", "l"),
                400,
                "text_too_long");
        assertThat((String) tooLong.get("detail")).contains("4001").contains("4000");
        post(a, messages(chat), Map.of("text", "😀".repeat(4000), "clientMsgId", "max"), 201);
        problem(a, HttpMethod.POST, messages(chat), Map.of("text", "no id"), 400, "invalid_client_msg_id");
        problem(
                a,
                HttpMethod.POST,
                messages(chat),
                Map.of("text", "long id", "clientMsgId", "i".repeat(65)),
                400,
                "invalid_client_msg_id");
    }

    @Test
    void oneMessageIsReadByIdByWhoeverMayReadTheChat() {
        TestUser a = register("one");
        TestUser b = register("one");
        TestUser stranger = register("one");
        long chat = direct(a, b);
        long other = direct(a, stranger);
        long id = num(send(a, chat, "find me by id").get("id"));
        long gone = num(send(a, chat, "soon gone").get("id"));
        call(a, HttpMethod.DELETE, "/api/v1/chats/" + chat + "/messages/" + gone, null, 204);

        Map<String, Object> found = get(b, "/api/v1/chats/" + chat + "/messages/" + id);
        assertThat(found).containsEntry("text", "find me by id").containsEntry("seq", 1);
        assertThat(get(b, "/api/v1/chats/" + chat + "/messages/" + gone))
                .containsEntry("deleted", true)
                .containsEntry("text", null);
        problem(stranger, HttpMethod.GET, "/api/v1/chats/" + chat + "/messages/" + id, null, 404, "chat_not_found");
        // a message is found only in its own chat
        problem(a, HttpMethod.GET, "/api/v1/chats/" + other + "/messages/" + id, null, 404, "message_not_found");
    }

    @Test
    void repliesPointAtAMessageOfTheSameChat() {
        TestUser a = register("rep");
        TestUser b = register("rep");
        long chat = direct(a, b);
        long other = createGroup(a, "Elsewhere", "private", List.of());
        long question = num(send(a, chat, "question?").get("id"));
        long foreign = num(send(a, other, "elsewhere").get("id"));

        Map<String, Object> answer =
                post(b, messages(chat), Map.of("text", "answer", "clientMsgId", "r1", "replyTo", question), 201);

        assertThat(num(answer.get("replyTo"))).isEqualTo(question);
        problem(
                b,
                HttpMethod.POST,
                messages(chat),
                Map.of("text", "x", "clientMsgId", "r2", "replyTo", foreign),
                400,
                "invalid_reply");
    }

    @Test
    void onlyTheAuthorEditsAndEditsTakeTheirOwnSeq() {
        TestUser a = register("edit");
        TestUser b = register("edit");
        long chat = direct(a, b);
        long id = num(send(a, chat, "draft").get("id"));

        Map<String, Object> edited = call(a, HttpMethod.PATCH, messages(chat) + "/" + id, Map.of("text", "final"), 200);

        assertThat(edited).containsEntry("text", "final").containsEntry("seq", 1);
        assertThat(edited.get("editedAt")).isNotNull();
        assertThat(get(a, "/api/v1/chats/" + chat)).containsEntry("lastSeq", 2);
        problem(b, HttpMethod.PATCH, messages(chat) + "/" + id, Map.of("text", "hijack"), 403, "not_the_author");
        problem(a, HttpMethod.PATCH, messages(chat) + "/999999", Map.of("text", "x"), 404, "message_not_found");
        problem(a, HttpMethod.PATCH, messages(chat) + "/" + id, Map.of("text", ""), 400, "empty_text");
    }

    @Test
    void authorsAndAdminsDeleteAndTheTextIsGoneEverywhere() {
        TestUser owner = register("del");
        TestUser member = register("del");
        TestUser other = register("del");
        long chat = createGroup(owner, "Deletions", "private", List.of(member.id(), other.id()));
        String word = uniqueName("secret");
        long byMember = num(send(member, chat, "mine " + word).get("id"));
        long moderated = num(send(member, chat, "rude " + word).get("id"));

        problem(other, HttpMethod.DELETE, messages(chat) + "/" + byMember, null, 403, "not_the_author");
        call(member, HttpMethod.DELETE, messages(chat) + "/" + byMember, null, 204);
        call(owner, HttpMethod.DELETE, messages(chat) + "/" + moderated, null, 204);

        List<Map<String, Object>> history = items(get(owner, messages(chat)));
        assertThat(history).allSatisfy(m -> {
            assertThat(m).containsEntry("deleted", true);
            assertThat(m.get("text")).isNull();
        });
        assertThat(items(get(owner, "/api/v1/search/messages?q=" + word))).isEmpty();
        assertThat(map(items(get(owner, "/api/v1/chats")).get(0).get("lastMessage")))
                .containsEntry("deleted", true)
                .containsEntry("text", null);
        assertThat(get(owner, "/api/v1/chats/" + chat)).containsEntry("lastSeq", 4);
        problem(member, HttpMethod.DELETE, messages(chat) + "/" + byMember, null, 409, "message_deleted");
        problem(
                member,
                HttpMethod.PATCH,
                messages(chat) + "/" + byMember,
                Map.of("text", "back"),
                409,
                "message_deleted");
    }

    @Test
    void historyPagesBySeqBothWays() {
        TestUser a = register("hist");
        TestUser b = register("hist");
        long chat = direct(a, b);
        for (int i = 1; i <= 7; i++) {
            send(i % 2 == 0 ? a : b, chat, "message " + i);
        }

        Map<String, Object> newest = get(a, messages(chat) + "?limit=3");
        assertThat(items(newest)).extracting(m -> m.get("seq")).containsExactly(7, 6, 5);
        assertThat(newest).containsEntry("hasMore", true);
        Map<String, Object> older = get(a, messages(chat) + "?limit=3&before=5");
        assertThat(items(older)).extracting(m -> m.get("seq")).containsExactly(4, 3, 2);
        Map<String, Object> oldest = get(a, messages(chat) + "?limit=3&before=2");
        assertThat(items(oldest)).extracting(m -> m.get("seq")).containsExactly(1);
        assertThat(oldest).containsEntry("hasMore", false);

        Map<String, Object> forward = get(a, messages(chat) + "?limit=4&after=2");
        assertThat(items(forward)).extracting(m -> m.get("seq")).containsExactly(3, 4, 5, 6);
        assertThat(forward).containsEntry("hasMore", true);
        assertThat(items(get(a, messages(chat) + "?after=2&order=desc&limit=2")))
                .extracting(m -> m.get("seq"))
                .containsExactly(7, 6);
        assertThat(items(get(a, messages(chat) + "?after=2&before=5")))
                .extracting(m -> m.get("seq"))
                .containsExactly(4, 3);

        problem(a, HttpMethod.GET, messages(chat) + "?limit=101", null, 400, "invalid_limit");
        problem(a, HttpMethod.GET, messages(chat) + "?limit=0", null, 400, "invalid_limit");
        problem(a, HttpMethod.GET, messages(chat) + "?order=sideways", null, 400, "invalid_order");
    }

    @Test
    void searchFindsWordsInTheCallersChatsOnly() {
        TestUser a = register("fts");
        TestUser b = register("fts");
        TestUser outsider = register("fts");
        String word = uniqueName("zebra");
        long chat = direct(a, b);
        long elsewhere = direct(outsider, b);
        send(a, chat, "a " + word + " crossed the road");
        send(b, elsewhere, "another " + word);

        List<Map<String, Object>> hits = items(get(a, "/api/v1/search/messages?q=" + word));
        assertThat(hits).extracting(m -> m.get("text")).containsExactly("a " + word + " crossed the road");
        assertThat(items(get(b, "/api/v1/search/messages?q=" + word))).hasSize(2);
        assertThat(items(get(b, "/api/v1/search/messages?q=" + word + "&chatId=" + elsewhere)))
                .hasSize(1);
        assertThat(items(get(a, "/api/v1/search/messages?q=" + word + " road"))).hasSize(1);
        assertThat(items(get(a, "/api/v1/search/messages?q=\"" + word + " OR *")))
                .isEmpty();
        problem(a, HttpMethod.GET, "/api/v1/search/messages", null, 400, "missing_query");
    }

    @Test
    void textIsStoredExactlyAsSentWhateverItContains() {
        TestUser a = register("sql");
        TestUser b = register("sql");
        long chat = direct(a, b);
        List<String> nasty =
                List.of("'); DROP TABLE messages; --", "<img src=x onerror=alert(1)>", "\\u0000 ' \" ` %_", "日本語 🚀 ✓");
        Map<String, String> sent = new HashMap<>();
        for (String text : nasty) {
            sent.put(text, (String) send(a, chat, text).get("text"));
        }

        assertThat(sent).allSatisfy((in, out) -> assertThat(out).isEqualTo(in));
        assertThat(items(get(b, messages(chat))))
                .extracting(m -> m.get("text"))
                .containsExactlyInAnyOrderElementsOf(nasty);
    }
}
