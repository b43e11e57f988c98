package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.TestTokensAccess;
import dev.parley.server.testing.DocumentedCodes;
import dev.parley.server.testing.FuzzSettings;
import dev.parley.server.testing.RawHttp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeded REST fuzzing ({@link FuzzSettings}: 10,000 cases by default): requests from the OpenAPI
 * document, mostly broken on purpose ({@link RestCases}), as several users and as nobody. Every
 * answer is below 500; every 4xx is problem+json with a code docs/api.md lists for its status;
 * bodies that are not UTF-8, text with NUL or lone surrogates, and non-JSON bodies are never
 * accepted; no refused request changes what the fixture's chats and users look like.
 */
class FuzzRestTest extends ApiTest {

    private static final int CONCURRENCY = 4;
    private static final int BATCH = 64;
    private static final int MAX_REPORTED = 25;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CHAT_PATH = Pattern.compile("^/api/v1/chats/([^/?#;]+)");

    private final HttpClient plain = HttpClient.newHttpClient();

    /** A case and how it went: the answer, or the failure to get one. */
    private record Outcome(RestCases.Case c, RawHttp.Response response, Exception error, long nanos, String stalled) {
        boolean stalledOnce() {
            return stalled != null;
        }
    }

    @Test
    void tenThousandRandomAndMutatedRequestsGetOnlyDocumentedAnswersAndChangeNothingWhenRefused() throws Exception {
        long seed = FuzzSettings.seed();
        int cases = FuzzSettings.cases();
        System.out.println("FuzzRestTest: " + cases + " cases, " + FuzzSettings.replay());
        Map<Integer, Set<String>> documented = DocumentedCodes.rest();

        TestUser f = register("fzf");
        TestUser m = register("fzm");
        TestUser x = register("fzx");
        long g1 = createGroup(f, "Fuzz public", "public", List.of(m.id()));
        long g2 = createGroup(m, "Fuzz private", "private", List.of(f.id()));
        long d = direct(f, m);
        long p = createGroup(x, "Not theirs", "private", List.of());
        List<Long> messages = new ArrayList<>();
        for (var post : List.of(
                Map.entry(f, g1),
                Map.entry(m, g1),
                Map.entry(f, g1),
                Map.entry(m, g2),
                Map.entry(f, g2),
                Map.entry(f, d),
                Map.entry(m, d),
                Map.entry(x, p))) {
            messages.add(num(send(post.getKey(), post.getValue(), "fixture " + messages.size())
                    .get("id")));
        }
        // the state is read through logins of their own: the fuzzer may end the sessions it knows
        Map<Long, TestUser> viewers = new LinkedHashMap<>();
        viewers.put(g1, login(f));
        viewers.put(g2, login(m));
        viewers.put(d, login(f));
        viewers.put(p, login(x));
        Map<String, TestUser> actors = new LinkedHashMap<>(Map.of("F", f, "M", m, "X", x));

        Map<String, String> tokens = new LinkedHashMap<>();
        actors.forEach((label, user) -> tokens.put(label, user.accessToken()));
        byte[] key = Base64.getDecoder()
                .decode(Files.readString(dataDir().resolve("jwt-secret"), StandardCharsets.US_ASCII)
                        .strip());
        tokens.put(
                "expired",
                TestTokensAccess.issue(
                        key,
                        Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC),
                        Duration.ofMinutes(15),
                        f.id()));
        tokens.put("forged", TestTokensAccess.issue(new byte[32], Clock.systemUTC(), Duration.ofMinutes(15), f.id()));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (TestUser u : List.of(f, m, x)) {
            passwords.put(u.username(), "password-" + u.username());
        }
        Map<String, Object> openApi = get(null, "/openapi");
        List<RestCases.Operation> operations = RestCases.operations(openApi);
        assertThat(operations).hasSizeGreaterThan(20);
        RestCases generator = new RestCases(
                operations,
                new RestCases.Fixture(
                        port,
                        tokens,
                        List.of(g1, g2, d, p),
                        List.of(f.id(), m.id(), x.id()),
                        messages,
                        passwords,
                        login(f).refreshToken()));

        ConcurrentLinkedQueue<RawHttp> connections = new ConcurrentLinkedQueue<>();
        ThreadLocal<RawHttp> connection = ThreadLocal.withInitial(() -> {
            RawHttp h = new RawHttp(port);
            connections.add(h);
            return h;
        });
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        long renewedAt = started;
        int stalls = 0;
        try {
            Map<String, String> state = state(viewers, actors.values());
            for (int from = 0; from < cases && failures.isEmpty(); from += BATCH) {
                if (System.nanoTime() - renewedAt > Duration.ofMinutes(10).toNanos()) {
                    viewers.replaceAll((chat, viewer) -> renewed(viewer));
                    actors.replaceAll((label, actor) -> renewed(actor));
                    actors.forEach((label, actor) -> tokens.put(label, actor.accessToken()));
                    renewedAt = System.nanoTime();
                }
                List<Future<Outcome>> running = new ArrayList<>();
                for (int i = from; i < Math.min(cases, from + BATCH); i++) {
                    RestCases.Case c = generator.next(i, new Random(seed * 0x9E3779B97F4A7C15L + i));
                    running.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        String stalled = null;
                        try {
                            RawHttp.Response r;
                            try {
                                r = connection.get().exchange(c.request(), c.head());
                            } catch (RawHttp.StalledKeepAlive e) {
                                // an upstream stall (see StalledKeepAlive): the same request on a new connection
                                stalled = e.getMessage();
                                try (RawHttp fresh = new RawHttp(port)) {
                                    r = fresh.exchange(c.request(), c.head());
                                }
                            }
                            return new Outcome(c, r, null, System.nanoTime() - t0, stalled);
                        } catch (Exception e) {
                            return new Outcome(c, null, e, System.nanoTime() - t0, stalled);
                        }
                    }));
                }
                Set<String> changedByAcceptedWrites = new HashSet<>();
                List<RestCases.Case> refusedOrRead = new ArrayList<>();
                for (Future<Outcome> future : running) {
                    Outcome o = future.get();
                    if (o.stalledOnce()) {
                        stalls++;
                        System.out.println(
                                "FuzzRestTest: " + o.stalled() + "; answered on a new one: " + o.c().describe());
                    } else if (o.nanos() > Duration.ofSeconds(2).toNanos()) {
                        System.out.println(
                                "FuzzRestTest: slow (" + o.nanos() / 1_000_000 + " ms): " + o.c().describe());
                    }
                    int status = o.response() == null ? 0 : o.response().status();
                    statuses.merge(status, 1, Integer::sum);
                    String problem = check(o, documented);
                    if (problem != null && failures.size() < MAX_REPORTED) {
                        failures.add(problem + "\n  " + o.c().describe() + "\n  answer: " + shown(o.response()));
                    }
                    if ((o.error() != null || o.stalledOnce()) && !o.c().reads()) {
                        changedByAcceptedWrites.addAll(state.keySet()); // accepted or not: unknown
                    } else if (status >= 200 && status < 300 && !o.c().reads()) {
                        changedByAcceptedWrites.addAll(scopes(o.c(), viewers.keySet(), actors));
                    } else {
                        refusedOrRead.add(o.c());
                    }
                }
                Map<String, String> now = state(viewers, actors.values());
                for (var scope : now.entrySet()) {
                    if (!changedByAcceptedWrites.contains(scope.getKey())
                            && !scope.getValue().equals(state.get(scope.getKey()))) {
                        failures.add("state changed though no request of cases " + from + "–" + (from + BATCH - 1)
                                + " that could change it was accepted: " + scope.getKey() + "\n  before: "
                                + state.get(scope.getKey()) + "\n  after:  " + scope.getValue()
                                + "\n  refused or read-only requests of the batch:\n  "
                                + String.join(
                                        "\n  ",
                                        refusedOrRead.stream()
                                                .map(RestCases.Case::describe)
                                                .toList()));
                    }
                }
                state = now;
            }
        } finally {
            pool.shutdownNow();
            connections.forEach(RawHttp::close);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("FuzzRestTest: " + cases + " cases in " + seconds + " s; answers by status: " + statuses
                + "; kept-alive connections that stalled: " + stalls);
        assertThat(failures).as(FuzzSettings.replay()).isEmpty();

        HttpResponse<String> health = plain.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode())
                .as(FuzzSettings.replay() + ": the server is still ready")
                .isEqualTo(200);
        assertThat(statuses.keySet())
                .as(FuzzSettings.replay() + ": the cases reached the endpoints")
                .contains(200, 201, 400, 401, 404);
    }

    /** What is wrong with the answer to a case; null when nothing is. */
    private static String check(Outcome o, Map<Integer, Set<String>> documented) {
        RestCases.Case c = o.c();
        RawHttp.Response r = o.response();
        if (o.error() != null) {
            return "no answer: " + o.error();
        }
        if (r == null) {
            return "the server closed the connection without answering";
        }
        int status = r.status();
        if (status >= 500) {
            return "a server error, " + status;
        }
        if (status >= 400) {
            String type = r.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return status + " is not application/problem+json but " + type;
            }
            if (c.head()) {
                return null;
            }
            Map<String, Object> problem;
            try {
                problem = JSON.readValue(r.body(), Map.class);
            } catch (RuntimeException e) {
                return status + " with a body that is not JSON";
            }
            Object code = problem.get("code");
            if (!documented.getOrDefault(status, Set.of()).contains(code)) {
                return status + " with code '" + code + "', which docs/api.md does not list for " + status;
            }
            if (!Integer.valueOf(status).equals(problem.get("status"))
                    || !(problem.get("detail") instanceof String detail)
                    || detail.isBlank()) {
                return status + " whose problem lacks its status or a detail";
            }
            return null;
        }
        if (status >= 200 && status < 300) {
            if (c.invalidUtf8()) {
                return "accepted (" + status + ") a body that is not UTF-8";
            }
            if (c.badTextField() != null) {
                return "accepted (" + status + ") a NUL or lone surrogate in '" + c.badTextField() + "'";
            }
            if (c.foreignType()) {
                return "accepted (" + status + ") a body that is not JSON by its content type";
            }
        }
        return null;
    }

    /**
     * What an accepted write may have changed: a fixture chat it names, the profile of the user it
     * ran as; everything when that cannot be told.
     */
    private static Set<String> scopes(RestCases.Case c, Set<Long> chats, Map<String, TestUser> actors) {
        String path = c.target().startsWith("http://localhost") ? c.target().substring(16) : c.target();
        Matcher chat = CHAT_PATH.matcher(path);
        if (path.startsWith("/api/v1/auth/") || path.matches("^/api/v1/chats(/direct)?(\\?.*)?$")) {
            return Set.of(); // new users, sessions and chats: none of the fixture's
        }
        if (path.matches("^/api/v1/me(\\?.*)?$") && actors.containsKey(c.as())) {
            return Set.of("user " + actors.get(c.as()).id());
        }
        if (chat.find()) {
            try {
                return Set.of("chat " + Long.parseLong(URLDecoder.decode(chat.group(1), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                // below
            }
        }
        Set<String> all = new HashSet<>();
        chats.forEach(id -> all.add("chat " + id));
        actors.values().forEach(u -> all.add("user " + u.id()));
        return all;
    }

    /** The fixture's chats (each through a member) and users, reduced to what writes change. */
    private Map<String, String> state(Map<Long, TestUser> viewers, Iterable<TestUser> users) {
        Map<String, String> state = new TreeMap<>();
        viewers.forEach((chat, viewer) -> {
            String base = "/api/v1/chats/" + chat;
            state.put(
                    "chat " + chat,
                    fetch(viewer, base, "id", "kind", "title", "visibility", "memberCount", "lastSeq")
                            + fetch(
                                    viewer,
                                    base + "/messages?after=0&limit=100",
                                    "id",
                                    "seq",
                                    "author",
                                    "text",
                                    "replyTo",
                                    "clientMsgId",
                                    "editedAt",
                                    "deleted")
                            + fetch(viewer, base + "/messages?limit=100", "id", "seq", "text", "editedAt", "deleted")
                            + fetch(viewer, base + "/members?limit=100", "user", "role", "readSeq"));
        });
        TestUser anyone = viewers.values().iterator().next();
        for (TestUser u : users) {
            state.put("user " + u.id(), fetch(anyone, "/api/v1/users/" + u.id(), "id", "username", "displayName"));
        }
        return state;
    }

    /** The answer's status and the chosen fields of it (or of each of its items); users by id only. */
    private String fetch(TestUser viewer, String path, String... fields) {
        try {
            HttpResponse<String> r = plain.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + viewer.accessToken())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return r.statusCode() + " ";
            }
            Map<String, Object> body = JSON.readValue(r.body(), Map.class);
            List<Map<String, Object>> items = body.containsKey("items") ? items(body) : List.of(body);
            StringBuilder s = new StringBuilder();
            for (Map<String, Object> item : items) {
                for (String field : fields) {
                    Object value = item.get(field);
                    s.append(field)
                            .append('=')
                            .append(value instanceof Map<?, ?> ref ? ref.get("id") : value)
                            .append(' ');
                }
                s.append("| ");
            }
            return s.toString();
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    private static String shown(RawHttp.Response r) {
        if (r == null) {
            return "none";
        }
        String body = r.text();
        return r.status() + " " + r.header("content-type") + " "
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    /** A new session for the same login, before the access token runs out (long runs). */
    private TestUser renewed(TestUser user) {
        return user(post(null, "/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), 200));
    }
}
