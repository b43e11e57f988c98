package dev.parley.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parley nodes as real processes of the server jar ({@code target/parley-server.jar}, built by the
 * package phase before the integration tests), on one PostgreSQL schema and one Redis namespace:
 * for tests that kill a node the way a crash does ({@code kill -9}).
 */
public final class ProcessCluster implements AutoCloseable {

    public static final Path JAR = Path.of("target/parley-server.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path logs;
    private final ClusterServices services;

    /** Starts {@code count} nodes; {@code settings} are extra {@code --key=value} arguments for each. */
    public ProcessCluster(int count, Path logs, String... settings) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(
                    JAR.toAbsolutePath() + " is missing: run ./mvnw verify (it builds the jar)");
        }
        this.logs = logs;
        this.services = ClusterServices.create();
        try {
            for (int i = 0; i < count; i++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx320m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "--server.port=" + port));
                command.addAll(services.nodeArgs(
                        "node-" + i, Files.createTempDirectory("parley-proc").toString(), TestRedis.URL));
                command.addAll(List.of(settings));
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve("node-" + i + ".log").toFile())
                        .start();
                nodes.add(p);
                ports.add(port);
            }
            for (int i = 0; i < count; i++) {
                awaitReady(i);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public int port(int node) {
        return ports.get(node);
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Kills the node as a crash would: SIGKILL, nothing closed, nothing flushed. */
    public void kill(int node) throws InterruptedException {
        nodes.get(node).destroyForcibly().waitFor();
    }

    private void awaitReady(int node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(node) + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!nodes.get(node).isAlive()) {
                throw new IllegalStateException(
                        "node " + node + " exited; see " + logs.resolve("node-" + node + ".log"));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + node + " not ready within 90 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        services.drop();
    }
}
