package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (target/parley-server.jar, built before the integration tests run) stays small
 * and still works: it starts on SQLite (whose trimmed native libraries it loads), serves Swagger UI,
 * and exports traces over OTLP/HTTP through the JDK's HTTP client.
 */
class ServerJarIT {

    /**
     * The budget: the jar was 75 MB with HTTP/3, the OTLP metrics stack and every SQLite platform;
     * trimmed to 44.8 MB, then the Redis client of cluster mode (Lettuce, 2.6 MB) came in, then WebP
     * decoding for avatars (TwelveMonkeys, 0.6 MB), then the S3 blob store (AWS SDK v2 with its
     * JDK-based HTTP client, 8.8 MB, the s3 module alone 4.4 MB).
     */
    static final long MAX_BYTES = 58_000_000;

    private static final Path JAR = Path.of("target/parley-server.jar");

    @Test
    void theJarStaysWithinItsSizeBudgetAndCarriesNothingUnused() throws IOException {
        assertThat(JAR).exists();
        assertThat(Files.size(JAR)).as("bytes of " + JAR).isLessThanOrEqualTo(MAX_BYTES);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> libs = zip.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .toList();
            assertThat(libs)
                    .noneMatch(
                            n -> n.matches(
                                    ".*(quic|http3|okhttp|kotlin|protobuf|micrometer-registry-otlp|tomcat-embed-el|exposition-formats).*"));
            assertThat(libs).anyMatch(n -> n.contains("opentelemetry-exporter-sender-jdk"));
            assertThat(zip.stream().filter(e -> e.getName().startsWith("BOOT-INF/lib/")))
                    .as("nested jars must be stored, not compressed, for Spring Boot's launcher")
                    .allMatch(e -> e.getMethod() == ZipEntry.STORED);
        }
    }

    @Test
    void theJarRunsOnSqliteServesSwaggerAndExportsTraces() throws Exception {
        List<String> exported = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exported.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        int port = freePort();
        Path dataDir = Files.createTempDirectory("parley-jar");
        Path log = dataDir.resolve("server.log");
        Process server = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "--server.port=" + port,
                        "--parley.data-dir=" + dataDir,
                        "--parley.auth.bcrypt-cost=4",
                        "--parley.tracing.otlp-endpoint=http://127.0.0.1:"
                                + collector.getAddress().getPort() + "/v1/traces")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        try {
            awaitReady(http, base, server, log);
            HttpResponse<String> registered = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/register"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"jarred\",\"password\":\"long-enough\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(Files.exists(dataDir.resolve("parley.db"))).isTrue();
            for (String asset : List.of("/swagger-ui/index.html", "/swagger-ui/swagger-ui-bundle.js", "/openapi")) {
                assertThat(get(http, base + asset).statusCode()).as(asset).isEqualTo(200);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (exported.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(exported).as("OTLP exports received").isNotEmpty();
            assertThat(exported.get(0)).startsWith("application/x-protobuf");
        } finally {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            collector.stop(0);
        }
    }

    private static void awaitReady(HttpClient http, String base, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the jar exited: " + Files.readString(log));
            }
            try {
                if (get(http, base + "/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the jar did not become ready: " + Files.readString(log));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
