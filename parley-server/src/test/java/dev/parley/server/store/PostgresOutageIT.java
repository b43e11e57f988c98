package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.server.ParleyApplication;
import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.TcpProxy;
import dev.parley.server.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL cut off for 20 s (through a {@link TcpProxy}, the machine's server untouched) while a
 * client keeps sending over REST: sends fail fast with 503 store_unavailable, /health/ready goes
 * DOWN within 5 s and UP within 5 s of the return, every acknowledged message is stored, and the
 * log says once that the database went away and once that it came back.
 */
@RequiresPostgres
class PostgresOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    record Sample(long atNanos, long tookMillis, int status, String body) {}

    @Test
    void anOutageIsAnsweredFastReportedAndSurvivedWithoutLosingAcknowledgedMessages() throws Exception {
        String schema = "outage_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        URI target = URI.create(TestPostgres.URL.substring("jdbc:".length()));
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ExecutorService clients = Executors.newFixedThreadPool(5);
        ConfigurableApplicationContext app = null;
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath() + "?currentSchema=" + schema;
            app = new SpringApplicationBuilder(ParleyApplication.class)
                    .run(
                            "--server.port=0",
                            "--parley.data-dir=" + Files.createTempDirectory("parley-outage"),
                            "--parley.db.url=" + url,
                            "--parley.db.user=" + TestPostgres.USER,
                            "--parley.db.password=" + TestPostgres.PASSWORD,
                            "--parley.auth.bcrypt-cost=4",
                            "--parley.limits.writes-per-second=10000",
                            "--parley.limits.write-burst=10000");
            base = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) app).getWebServer().getPort();
            String token = match(
                    TOKEN,
                    post(null, "/api/v1/auth/register", "{\"username\":\"outage\",\"password\":\"long-enough\"}")
                            .body());
            long chat = Long.parseLong(match(
                    ID,
                    post(token, "/api/v1/chats", "{\"title\":\"Outage\",\"visibility\":\"private\"}")
                            .body()));
            logged.start();
            root.addAppender(logged);

            AtomicBoolean running = new AtomicBoolean(true);
            List<Sample> sends = new CopyOnWriteArrayList<>();
            List<Sample> health = new CopyOnWriteArrayList<>();
            Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int sender = 0; sender < 4; sender++) {
                int s = sender;
                clients.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        String id = "s" + s + "-" + n;
                        Sample sample = timed(() -> post(
                                token,
                                "/api/v1/chats/" + chat + "/messages",
                                "{\"text\":\"message " + id + "\",\"clientMsgId\":\"" + id + "\"}"));
                        sends.add(sample);
                        if (sample.status() == 201 || sample.status() == 200) {
                            acknowledged.add(id);
                        }
                        pause(50);
                    }
                    return null;
                });
            }
            clients.submit(() -> {
                while (running.get()) {
                    health.add(timed(() -> get("/health/ready")));
                    pause(200);
                }
                return null;
            });

            pause(3000);
            long cut = System.nanoTime();
            proxy.cut();
            pause(OUTAGE.toMillis());
            long restored = System.nanoTime();
            proxy.restore();
            pause(8000);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(sends)
                    .filteredOn(s -> s.atNanos() + s.tookMillis() * 1_000_000 < cut)
                    .isNotEmpty()
                    .allMatch(s -> s.status() == 201);
            Sample firstDown = health.stream()
                    .filter(s -> s.atNanos() > cut && s.status() == 503)
                    .findFirst()
                    .orElseThrow();
            assertThat(ms(firstDown.atNanos() + firstDown.tookMillis() * 1_000_000 - cut))
                    .as("/health/ready DOWN within 5 s of the cut")
                    .isLessThanOrEqualTo(5000);
            assertThat(health)
                    .filteredOn(s -> s.atNanos() > cut + 5_000_000_000L && s.atNanos() < restored)
                    .isNotEmpty()
                    .allSatisfy(s -> {
                        assertThat(s.status()).isEqualTo(503);
                        assertThat(s.tookMillis())
                                .as("a DOWN health answer is immediate")
                                .isLessThan(1000);
                    });
            Sample firstUp = health.stream()
                    .filter(s -> s.atNanos() > restored && s.status() == 200)
                    .findFirst()
                    .orElseThrow();
            assertThat(ms(firstUp.atNanos() + firstUp.tookMillis() * 1_000_000 - restored))
                    .as("/health/ready UP within 5 s of the return")
                    .isLessThanOrEqualTo(5000);

            List<Sample> duringOutage = sends.stream()
                    .filter(s -> s.atNanos() > cut + 5_000_000_000L && s.atNanos() < restored)
                    .toList();
            assertThat(duringOutage).hasSizeGreaterThan(40).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(503);
                assertThat(s.body()).contains("\"code\":\"store_unavailable\"");
                assertThat(s.tookMillis()).as("refused fast").isLessThan(1000);
            });
            assertThat(sends)
                    .filteredOn(s -> s.atNanos() > cut && s.atNanos() < restored)
                    .as("no send waited for Hikari's 30 s")
                    .allMatch(s -> s.tookMillis() < 6000);
            assertThat(sends)
                    .filteredOn(s -> s.atNanos() > restored + 5_000_000_000L)
                    .isNotEmpty()
                    .allMatch(s -> s.status() == 201);

            Set<String> stored = storedClientMsgIds(token, chat);
            assertThat(stored).as("every acknowledged message is stored").containsAll(acknowledged);

            String metrics = get("/metrics").body();
            Matcher refusals = Pattern.compile("(?m)^parley_store_refusals_total(?:\\{[^}]*\\})? ([0-9.E]+)$")
                    .matcher(metrics);
            assertThat(refusals.find())
                    .as("parley_store_refusals_total in /metrics")
                    .isTrue();
            assertThat(Double.parseDouble(refusals.group(1))).isGreaterThan(0);

            root.detachAppender(logged);
            List<String> lines = logged.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                            || e.getLoggerName().endsWith("StoreCircuit"))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " [with stack trace]"))
                    .toList();
            assertThat(lines)
                    .filteredOn(l -> l.contains("unreachable ("))
                    .as(String.join("\n", lines))
                    .hasSize(1);
            assertThat(lines)
                    .filteredOn(l -> l.contains("reachable again after"))
                    .as(String.join("\n", lines))
                    .hasSize(1);
            assertThat(lines)
                    .as("nothing else at WARN or above, and no stack traces:\n" + String.join("\n", lines))
                    .filteredOn(l -> !l.contains("StoreCircuit"))
                    .isEmpty();
        } finally {
            root.detachAppender(logged);
            clients.shutdownNow();
            if (app != null) {
                app.close();
            }
            try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private Set<String> storedClientMsgIds(String token, long chat) throws Exception {
        Set<String> ids = new HashSet<>();
        Pattern clientMsgId = Pattern.compile("\"clientMsgId\":\"([^\"]+)\"");
        Pattern seq = Pattern.compile("\"seq\":(\\d+)");
        long after = 0;
        while (true) {
            String page = getAs(token, "/api/v1/chats/" + chat + "/messages?after=" + after + "&limit=100")
                    .body();
            Matcher m = clientMsgId.matcher(page);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(1));
            }
            ids.addAll(found);
            Matcher s = seq.matcher(page);
            long last = after;
            while (s.find()) {
                last = Math.max(last, Long.parseLong(s.group(1)));
            }
            if (!page.contains("\"hasMore\":true")) {
                return ids;
            }
            after = last;
        }
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static Sample timed(Call call) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = call.send();
            return new Sample(started, ms(System.nanoTime() - started), response.statusCode(), response.body());
        } catch (Exception e) {
            return new Sample(started, ms(System.nanoTime() - started), -1, e.toString());
        }
    }

    private HttpResponse<String> post(String token, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return getAs(null, path);
    }

    private HttpResponse<String> getAs(String token, String path) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError(pattern + " not in " + text);
        }
        return m.group(1);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
