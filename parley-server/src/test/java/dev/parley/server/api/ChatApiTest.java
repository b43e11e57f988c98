package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ChatApiTest extends ApiTest {

    @Test
    void createsAGroupWithTheCreatorAsOwner() {
        TestUser owner = register("own");
        TestUser friend = register("fr");

        long chatId = createGroup(owner, "  Book club ", "private", List.of(friend.id()));

        Map<String, Object> chat = get(owner, "/api/v1/chats/" + chatId);
        assertThat(chat)
                .containsEntry("title", "Book club")
                .containsEntry("visibility", "private")
                .containsEntry("kind", "group")
                .containsEntry("memberCount", 2);
        assertThat(items(get(owner, "/api/v1/chats/" + chatId + "/members")))
                .extracting(m -> map(m.get("user")).get("username"), m -> m.get("role"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(owner.username(), "owner"),
                        org.assertj.core.groups.Tuple.tuple(friend.username(), "member"));
    }

    @Test
    void rejectsBadChatRequests() {
        TestUser owner = register("bad");
        problem(
                owner,
                HttpMethod.POST,
                "/api/v1/chats",
                Map.of("title", "", "visibility", "public"),
                400,
                "invalid_title");
        problem(
                owner,
                HttpMethod.POST,
                "/api/v1/chats",
                Map.of("title", "x".repeat(101), "visibility", "public"),
                400,
                "invalid_title");
        problem(
                owner,
                HttpMethod.POST,
                "/api/v1/chats",
                Map.of("title", "T", "visibility", "secret"),
                400,
                "invalid_visibility");
        problem(owner, HttpMethod.POST, "/api/v1/chats", Map.of("title", "T"), 400, "invalid_visibility");
        problem(
                owner,
                HttpMethod.POST,
                "/api/v1/chats",
                Map.of("title", "T", "visibility", "public", "memberIds", List.of(987654321)),
                400,
                "user_not_found");
        problem(owner, HttpMethod.POST, "/api/v1/chats/direct", Map.of("userId", owner.id()), 400, "direct_with_self");
        problem(owner, HttpMethod.POST, "/api/v1/chats/direct", Map.of("userId", 987654321), 404, "user_not_found");
        problem(owner, HttpMethod.GET, "/api/v1/chats/987654321", null, 404, "chat_not_found");
    }

    @Test
    void aDirectChatExistsOncePerPairAndShowsThePeer() {
        TestUser a = register("da");
        TestUser b = register("db");

        long first = direct(a, b);
        long second = direct(b, a);

        assertThat(second).isEqualTo(first);
        Map<String, Object> item = items(get(a, "/api/v1/chats")).stream()
                .filter(c -> num(c.get("id")) == first)
                .findFirst()
                .orElseThrow();
        assertThat(item).containsEntry("kind", "direct");
        assertThat(map(item.get("peer"))).containsEntry("username", b.username());
    }

    @Test
    void concurrentDirectChatRequestsCreateOneChat() throws Exception {
        TestUser a = register("ca");
        TestUser b = register("cb");
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean flip = i % 2 == 0;
                ids.add(pool.submit(() -> flip ? direct(a, b) : direct(b, a)));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(items(get(a, "/api/v1/chats"))).hasSize(1);
    }

    @Test
    void theChatListShowsNewestActivityFirstWithPreviewAndUnreadCount() {
        TestUser me = register("list");
        TestUser other = register("list");
        long older = createGroup(me, "Older", "private", List.of(other.id()));
        long newer = createGroup(me, "Newer", "private", List.of(other.id()));
        send(other, newer, "in newer");
        send(other, older, "first in older");
        send(other, older, "second in older");

        List<Map<String, Object>> list = items(get(me, "/api/v1/chats"));

        assertThat(list).extracting(c -> num(c.get("id"))).containsExactly(older, newer);
        Map<String, Object> top = list.get(0);
        assertThat(top)
                .containsEntry("unreadCount", 2)
                .containsEntry("lastSeq", 2)
                .containsEntry("memberCount", 2)
                .containsEntry("role", "owner");
        assertThat(map(top.get("lastMessage"))).containsEntry("text", "second in older");
        assertThat(map(map(top.get("lastMessage")).get("author"))).containsEntry("username", other.username());

        post(me, "/api/v1/chats/" + older + "/read", Map.of("seq", 1), 200);
        assertThat(items(get(me, "/api/v1/chats")).get(0))
                .containsEntry("unreadCount", 1)
                .containsEntry("readSeq", 1);
    }

    @Test
    void theReadCursorNeverMovesBackwards() {
        TestUser me = register("cur");
        TestUser other = register("cur");
        long chat = direct(me, other);
        for (int i = 0; i < 3; i++) {
            send(other, chat, "m" + i);
        }

        assertThat(post(me, "/api/v1/chats/" + chat + "/read", Map.of("seq", 3), 200))
                .containsEntry("readSeq", 3);
        assertThat(post(me, "/api/v1/chats/" + chat + "/read", Map.of("seq", 1), 200))
                .containsEntry("readSeq", 3);
        assertThat(post(me, "/api/v1/chats/" + chat + "/read", Map.of("seq", 100), 200))
                .containsEntry("readSeq", 3);
        problem(me, HttpMethod.POST, "/api/v1/chats/" + chat + "/read", Map.of("seq", -1), 400, "invalid_seq");
        problem(me, HttpMethod.POST, "/api/v1/chats/" + chat + "/read", Map.of(), 400, "missing_field");
    }

    @Test
    void searchFindsPublicGroupsOnly() {
        TestUser owner = register("pub");
        String word = uniqueName("topic");
        long open = createGroup(owner, "All about " + word, "public", List.of());
        createGroup(owner, "Hidden " + word, "private", List.of());

        assertThat(items(get(owner, "/api/v1/chats/search?q=" + word.toUpperCase())))
                .extracting(c -> num(c.get("id")))
                .containsExactly(open);
        problem(owner, HttpMethod.GET, "/api/v1/chats/search", null, 400, "missing_query");
    }

    @Test
    void aPrivateChatDoesNotExistForNonMembers() {
        TestUser owner = register("priv");
        TestUser stranger = register("str");
        long chat = createGroup(owner, "Secret", "private", List.of());
        String base = "/api/v1/chats/" + chat;

        problem(stranger, HttpMethod.GET, base, null, 404, "chat_not_found");
        problem(stranger, HttpMethod.GET, base + "/members", null, 404, "chat_not_found");
        problem(stranger, HttpMethod.GET, base + "/messages", null, 404, "chat_not_found");
        problem(
                stranger,
                HttpMethod.POST,
                base + "/messages",
                Map.of("text", "hi", "clientMsgId", "x"),
                404,
                "chat_not_found");
        problem(stranger, HttpMethod.POST, base + "/join", null, 404, "chat_not_found");
        problem(stranger, HttpMethod.POST, base + "/read", Map.of("seq", 1), 404, "chat_not_found");
        problem(stranger, HttpMethod.POST, base + "/members", Map.of("userId", stranger.id()), 404, "chat_not_found");
        problem(stranger, HttpMethod.GET, "/api/v1/search/messages?q=x&chatId=" + chat, null, 404, "chat_not_found");
    }

    @Test
    void anyoneJoinsAPublicGroupAndMembersLeave() {
        TestUser owner = register("join");
        TestUser joiner = register("join");
        long chat = createGroup(owner, "Open", "public", List.of());

        get(joiner, "/api/v1/chats/" + chat + "/messages");
        problem(
                joiner,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/messages",
                Map.of("text", "hi", "clientMsgId", "j1"),
                403,
                "not_a_member");

        assertThat(post(joiner, "/api/v1/chats/" + chat + "/join", null, 200)).containsEntry("memberCount", 2);
        assertThat(post(joiner, "/api/v1/chats/" + chat + "/join", null, 200)).containsEntry("memberCount", 2);
        post(joiner, "/api/v1/chats/" + chat + "/messages", Map.of("text", "hi", "clientMsgId", uniqueName("j")), 201);

        call(joiner, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 204);
        assertThat(get(owner, "/api/v1/chats/" + chat)).containsEntry("memberCount", 1);
        problem(joiner, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 403, "not_a_member");
    }

    @Test
    void ownersAndAdminsManageMembersWithinTheirRank() {
        TestUser owner = register("mgr");
        TestUser admin = register("mgr");
        TestUser member = register("mgr");
        TestUser newcomer = register("mgr");
        long chat = createGroup(owner, "Managed", "private", List.of(admin.id(), member.id()));
        String members = "/api/v1/chats/" + chat + "/members";

        assertThat(call(owner, HttpMethod.PATCH, members + "/" + admin.id(), Map.of("role", "admin"), 200))
                .containsEntry("role", "admin");
        problem(member, HttpMethod.POST, members, Map.of("userId", newcomer.id()), 403, "not_an_admin");

        call(admin, HttpMethod.POST, members, Map.of("userId", newcomer.id()), 201);
        call(admin, HttpMethod.POST, members, Map.of("userId", newcomer.id()), 200);
        get(newcomer, "/api/v1/chats/" + chat);

        call(admin, HttpMethod.DELETE, members + "/" + newcomer.id(), null, 204);
        problem(newcomer, HttpMethod.GET, "/api/v1/chats/" + chat, null, 404, "chat_not_found");
        problem(admin, HttpMethod.DELETE, members + "/" + owner.id(), null, 403, "insufficient_role");
        problem(member, HttpMethod.DELETE, members + "/" + admin.id(), null, 403, "not_an_admin");
        problem(admin, HttpMethod.PATCH, members + "/" + member.id(), Map.of("role", "admin"), 403, "not_an_owner");
        problem(owner, HttpMethod.PATCH, members + "/" + member.id(), Map.of("role", "king"), 400, "invalid_role");
        problem(owner, HttpMethod.DELETE, members + "/" + newcomer.id(), null, 404, "member_not_found");
        call(owner, HttpMethod.DELETE, members + "/" + admin.id(), null, 204);
    }

    @Test
    void theLastOwnerCannotLeaveUntilOwnershipIsHandedOver() {
        TestUser owner = register("last");
        TestUser heir = register("last");
        long chat = createGroup(owner, "Handover", "private", List.of(heir.id()));

        problem(owner, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 409, "last_owner");
        problem(
                owner,
                HttpMethod.PATCH,
                "/api/v1/chats/" + chat + "/members/" + owner.id(),
                Map.of("role", "member"),
                409,
                "last_owner");

        call(owner, HttpMethod.PATCH, "/api/v1/chats/" + chat + "/members/" + heir.id(), Map.of("role", "owner"), 200);
        call(owner, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 204);
        assertThat(items(get(heir, "/api/v1/chats/" + chat + "/members")))
                .extracting(m -> m.get("role"))
                .containsExactly("owner");
    }

    @Test
    void directChatMembershipNeverChanges() {
        TestUser a = register("dm");
        TestUser b = register("dm");
        TestUser c = register("dm");
        long chat = direct(a, b);

        problem(a, HttpMethod.POST, "/api/v1/chats/" + chat + "/leave", null, 409, "direct_chat");
        problem(
                a,
                HttpMethod.POST,
                "/api/v1/chats/" + chat + "/members",
                Map.of("userId", c.id()),
                403,
                "not_an_admin");
        problem(c, HttpMethod.POST, "/api/v1/chats/" + chat + "/join", null, 404, "chat_not_found");
    }

    @Test
    void membersArePagedByUserId() {
        TestUser owner = register("pg");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(register("pg").id());
        }
        long chat = createGroup(owner, "Paged", "private", ids);

        Map<String, Object> first = get(owner, "/api/v1/chats/" + chat + "/members?limit=3");
        assertThat(items(first)).hasSize(3);
        assertThat(first).containsEntry("hasMore", true);
        long last = num(map(items(first).get(2).get("user")).get("id"));
        Map<String, Object> rest = get(owner, "/api/v1/chats/" + chat + "/members?limit=3&after=" + last);
        assertThat(items(rest)).hasSize(2);
        assertThat(rest).containsEntry("hasMore", false);
    }
}
