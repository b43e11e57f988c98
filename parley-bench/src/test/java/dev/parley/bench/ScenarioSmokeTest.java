package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Each scenario, seconds long with small numbers, against the real server jar started as a
 * process: checks the correctness accounting (nothing lost, duplicated or reordered), not speed.
 */
class ScenarioSmokeTest {

    private static final int MAX_REPLAY = 40;
    private static final Path SERVER_JAR = Path.of("../parley-server/target/parley-server.jar");
    private static Process server;
    private static String url;

    @TempDir
    static Path work;

    @BeforeAll
    static void startServer() throws Exception {
        if (!Files.exists(SERVER_JAR)) {
            String message = SERVER_JAR.toAbsolutePath() + " is missing; build it first (./mvnw verify builds it)";
            if ("1".equals(System.getenv("PARLEY_REQUIRE_SERVICES"))) {
                throw new IllegalStateException(message);
            }
            assumeTrue(false, message);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        SERVER_JAR.toAbsolutePath().toString(),
                        "--server.port=" + port,
                        "--parley.data-dir=" + work.resolve("data"),
                        "--parley.auth.bcrypt-cost=4",
                        "--parley.db.sqlite-full-sync=false",
                        "--parley.realtime.commands-per-second=100000",
                        "--parley.realtime.command-burst=100000",
                        // the load tool registers and logs in every user from this one address
                        "--parley.auth.registrations-per-address=1000000/1m",
                        "--parley.auth.login-attempts-per-address=1000000/1m",
                        "--parley.auth.refreshes-per-address=1000000/1m",
                        "--parley.limits.writes-per-second=1000000",
                        "--parley.limits.write-burst=1000000",
                        // small, so that a listener away for a second misses more than is replayed
                        "--parley.realtime.max-replay=" + MAX_REPLAY)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException(
                        "the server did not start: " + Files.readString(work.resolve("server.log")));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: a graceful shutdown
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
                throw new AssertionError(
                        "the server did not stop within 30 s of SIGTERM; log: " + work.resolve("server.log"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "connections --connections=200 --users=4 --hold=0.5",
                "fanout --chats=2 --listeners=20 --messages=30 --warmup=10",
                "rate --rate=100 --chats=4 --members=5 --duration=2 --warmup=0.5",
                "pingpong --pairs=5 --rounds=10",
                "reconnect --listeners=20 --rate=50 --duration=3"
            })
    void scenarioRunsAndEveryMessageArrivesExactlyOnceInOrder(String command) throws Exception {
        JsonNode report = runCorrectly(command);
        assertThat(report.get("results").size()).isPositive();
    }

    @org.junit.jupiter.api.Test
    void theSocialScenarioReadsTheFeedAndCountsLikesExactly() throws Exception {
        JsonNode report = runCorrectly(
                "social --friends=20 --posts=200 --feed-requests=40 --likers=10 --like-duration=1.5 --like-warmup=0.5");

        JsonNode results = report.get("results");
        assertThat(results.get("feedRequests").asLong()).isEqualTo(40);
        assertThat(results.get("feedPagesWithPosts").asLong()).isPositive();
        assertThat(results.get("likeOps").asLong()).isGreaterThan(10);
        assertThat(results.get("baselineOpsPerSecond").asLong()).isPositive();
        assertThat(results.get("finalLikeCount").asLong())
                .isEqualTo(results.get("likersWhoseLastWordWasLike").asLong());
    }

    @org.junit.jupiter.api.Test
    void uploadsRunInRoundsEachWithItsOwnBaselineAndFigures() throws Exception {
        JsonNode report = runCorrectly("uploads --uploads=4 --size-mb=1 --rate=40 --chats=2 --members=3"
                + " --warmup=0.5 --baseline=0.5 --warm-uploads=2 --rounds=2");

        JsonNode results = report.get("results");
        JsonNode rounds = results.get("rounds");
        assertThat(rounds.size()).isEqualTo(2);
        for (JsonNode round : rounds) {
            assertThat(round.get("uploadsStored").asLong()).isEqualTo(4);
            assertThat(round.get("timeline").size())
                    .as("half seconds with deliveries")
                    .isPositive();
            assertThat(round.get("deliveryLatencyBeforeMs").get("max").asDouble())
                    .as("deliveries counted in the round's baseline")
                    .isPositive();
        }
        for (String figure : List.of("deliveryLatencyBeforeMs", "deliveryLatencyDuringMs", "timeline")) {
            assertThat(results.get(figure))
                    .as("the top-level %s is the last round's", figure)
                    .isEqualTo(rounds.get(1).get(figure))
                    .isNotEqualTo(rounds.get(0).get(figure));
        }
        assertThat(report.get("correctness").get("uploadsNotStored").asLong()).isZero();
    }

    @org.junit.jupiter.api.Test
    void listenersAwayLongerThanTheServerReplaysFetchWhatTheyMissedOverRest() throws Exception {
        // 50 msg/s, away 1.5 s: each listener misses about 75 messages, more than MAX_REPLAY
        JsonNode report = runCorrectly("reconnect --listeners=10 --rate=50 --duration=4 --away=1.5");

        assertThat(report.get("results").get("refetchedOverRest").asLong())
                .as("messages read over REST after a refetch")
                .isGreaterThan(10L * MAX_REPLAY);
        assertThat(report.get("results").get("refetchFailures").asLong()).isZero();
    }

    @org.junit.jupiter.api.Test
    void connectionsOpenedFromSeveralProcessesAreHeldAndCountedTogether() throws Exception {
        JsonNode report = runCorrectly("connections --connections=60 --users=3 --hold=0.5 --processes=2");

        assertThat(report.get("results").get("connectionsOpened").asLong()).isEqualTo(60);
        assertThat(report.get("results").get("serverReportsConnections").asLong())
                .as("all open at once on the server while it measured")
                .isGreaterThanOrEqualTo(60);
    }

    @org.junit.jupiter.api.Test
    void soakReadsTheServerGaugesAndEveryKindOfOperationRuns() throws Exception {
        // away 2.5-3 s at ~20 messages/s per chat: more than MAX_REPLAY missed, so resumes refetch.
        // The thresholds are loose: seconds of a fresh server are no soak (GrowthTest judges the rules)
        JsonNode report = runCorrectly("soak --duration=8 --report-every=1 --users=6 --chats=2 --ws-rate=30"
                + " --rest-rate=10 --read-rate=4 --search-rate=4 --auth-rate=4 --reconnect-rate=2 --min-away=2.5"
                + " --away=3 --timeout=20 --heap-noise=1000 --rss-noise=1000 --fd-margin=1000 --thread-margin=1000"
                + " --server-pid=" + server.pid());

        JsonNode operations = report.get("results").get("operations");
        for (String kind : List.of(
                "ws-send",
                "rest-send",
                "rest-retry",
                "history",
                "search",
                "login",
                "refresh",
                "reconnect",
                "refetched")) {
            assertThat(operations.get(kind).asLong()).as(kind).isPositive();
        }
        for (String count : List.of("storedNotAcknowledged", "sendsNeverAnswered", "errors", "grewWithoutBound")) {
            assertThat(report.get("correctness").get(count).asLong()).as(count).isZero();
        }
        JsonNode last = report.get("details")
                .get("readings")
                .get(report.get("details").get("readings").size() - 1);
        for (String gauge : List.of("heapAfterGc", "heapUsed", "rssAnon", "threads", "openFiles")) {
            assertThat(last.get(gauge).asDouble()).as(gauge).isPositive();
        }
        assertThat(last.get("connections").asDouble()).isPositive();
    }

    /** Runs the scenario command; asserts it reported nothing lost, duplicated or reordered. */
    private static JsonNode runCorrectly(String command) throws Exception {
        String scenario = command.split(" ")[0];
        Path result = work.resolve(scenario + ".json");
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--url=" + url);
        args.add("--out=" + result);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = Bench.run(args.toArray(String[]::new), new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("result: correct");
        JsonNode report = Api.JSON.readTree(Files.readString(result));
        assertThat(report.get("scenario").asString()).isEqualTo(scenario);
        for (String count : List.of("lost", "duplicated", "outOfOrder", "failedSends")) {
            assertThat(report.get("correctness").get(count).asLong()).as(count).isZero();
        }
        return report;
    }
}
