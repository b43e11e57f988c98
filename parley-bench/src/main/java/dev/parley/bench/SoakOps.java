package dev.parley.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * The soak's REST side, each call checked: sends (and their retries, which must answer the
 * original message), history pages (newest first, in seq order), searches (every hit holds the
 * word), logins and token refreshes. A call that fails is tried again (up to {@link #ATTEMPTS}
 * times; sends keep their clientMsgId, so a retry never stores twice), then counted as an error.
 */
final class SoakOps {

    /** A soak user and its current session (replaced by logins and refreshes, from any thread). */
    static final class Account {
        final long id;
        final String username;
        private volatile String access;
        private volatile String refresh;

        Account(JsonNode session) {
            this.id = session.get("user").get("id").asLong();
            this.username = session.get("user").get("username").asString();
            session(session);
        }

        void session(JsonNode session) {
            refresh = session.get("refreshToken").asString();
            access = session.get("accessToken").asString();
        }

        String access() {
            return access;
        }

        Api.User asUser() {
            return new Api.User(id, username, access);
        }
    }

    static final String PASSWORD = "bench-password";
    /** Every message holds two of these, so searches find something in every chat. */
    static final List<String> WORDS = List.of(
            "amber", "basil", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel",
            "lagoon", "meadow", "nectar", "orchid", "pebble");

    private static final int ATTEMPTS = 3;
    private static final int PAGE = 50;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Api api;
    private final SoakTally tally;

    SoakOps(Api api, SoakTally tally) {
        this.api = api;
        this.tally = tally;
    }

    Account register(String username) {
        return new Account(call(
                "register", "POST", "/api/v1/auth/register", null, Map.of("username", username, "password", PASSWORD)));
    }

    /** A message text: two words, then the tool's tag|index|nanos. */
    static String text(String tag, long index) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size())) + " "
                + Frames.body(tag, index, System.nanoTime());
    }

    /** Sends over REST (kind {@code rest-send}, or {@code ws-resend} for a socket's unanswered send). */
    JsonNode send(Account account, long chatId, String text, String clientMsgId, String kind) {
        JsonNode message = call(
                kind,
                "POST",
                "/api/v1/chats/" + chatId + "/messages",
                account.access(),
                Map.of("text", text, "clientMsgId", clientMsgId));
        tally.acked(chatId, clientMsgId, message.get("seq").asLong());
        tally.op(kind);
        return message;
    }

    /** Sends the same clientMsgId again: the answer must be the original message. */
    void retry(Account account, long chatId, JsonNode original) {
        String clientMsgId = original.get("clientMsgId").asString();
        JsonNode again = call(
                "rest-retry",
                "POST",
                "/api/v1/chats/" + chatId + "/messages",
                account.access(),
                Map.of("text", original.get("text").asString(), "clientMsgId", clientMsgId));
        tally.op("rest-retry");
        if (again.get("id").asLong() != original.get("id").asLong()
                || again.get("seq").asLong() != original.get("seq").asLong()) {
            tally.error(
                    "idempotency",
                    "a retry of " + clientMsgId + " answered message " + again.get("id") + " (seq " + again.get("seq")
                            + "), not the original " + original.get("id") + " (seq " + original.get("seq") + ")");
        }
    }

    /** The newest page of the chat and the page before it, each checked to be newest first, in seq order. */
    void history(Account account, long chatId) {
        String path = "/api/v1/chats/" + chatId + "/messages?limit=" + PAGE;
        JsonNode newest = call("history", "GET", path, account.access(), null);
        long oldest = checkDescending(chatId, newest.get("items"), Long.MAX_VALUE);
        if (newest.get("hasMore").asBoolean() && oldest > 0) {
            JsonNode before = call("history", "GET", path + "&before=" + oldest, account.access(), null);
            checkDescending(chatId, before.get("items"), oldest);
        }
        tally.op("history");
    }

    private long checkDescending(long chatId, JsonNode items, long below) {
        long previous = below;
        for (JsonNode item : items) {
            long seq = item.get("seq").asLong();
            if (seq >= previous) {
                tally.error("history", "chat " + chatId + ": seq " + seq + " came after " + previous + " in a page");
            }
            previous = seq;
        }
        return items.isEmpty() ? 0 : previous;
    }

    /** A full-text search for one word over the user's chats: every hit must hold the word. */
    void search(Account account) {
        String word = WORDS.get(ThreadLocalRandom.current().nextInt(WORDS.size()));
        JsonNode hits =
                call("search", "GET", "/api/v1/search/messages?q=" + word + "&limit=20", account.access(), null);
        for (JsonNode hit : hits.get("items")) {
            String text = hit.get("text").asString("");
            if (!text.toLowerCase(java.util.Locale.ROOT).contains(word)) {
                tally.error("search", "a search for '" + word + "' answered '" + text + "'");
            }
        }
        tally.op("search");
    }

    void login(Account account) {
        account.session(call(
                "login",
                "POST",
                "/api/v1/auth/login",
                null,
                Map.of("username", account.username, "password", PASSWORD)));
        tally.op("login");
    }

    void refresh(Account account) {
        account.session(call("refresh", "POST", "/api/v1/auth/refresh", null, Map.of("refreshToken", account.refresh)));
        tally.op("refresh");
    }

    /** The messages of {@code [from, last]}, oldest first, as a client reads them after a {@code refetch}. */
    List<JsonNode> range(Account account, long chatId, long from, long last) {
        return Api.range(chatId, from, last, path -> call("refetch", "GET", path, account.access(), null));
    }

    long lastSeq(Account account, long chatId) {
        return call("chat", "GET", "/api/v1/chats/" + chatId, account.access(), null)
                .get("lastSeq")
                .asLong();
    }

    /** A call that failed every attempt; each failure was counted already. */
    static final class Failed extends RuntimeException {
        Failed(RuntimeException last) {
            super(last.getMessage(), last);
        }
    }

    /** One call, tried again after a failure; every failure counts as an error of {@code kind}. */
    private JsonNode call(String kind, String method, String path, String token, Object body) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return api.call(method, path, token, body).block(CALL_TIMEOUT);
            } catch (RuntimeException e) {
                // counted, then repeated: a send keeps its clientMsgId, so it is safe to repeat, as a read is
                tally.error(kind, "attempt " + attempt + ": " + e.getMessage());
                failure = e;
            }
        }
        throw new Failed(failure);
    }
}
