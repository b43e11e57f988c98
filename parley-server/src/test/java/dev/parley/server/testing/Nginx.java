package dev.parley.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's nginx running the shipped {@code deploy/nginx.conf} in front of test nodes: the
 * upstream servers become the nodes' ports on 127.0.0.1, the listen port a free one, and the pid,
 * logs and temporary files go to a directory of the test's own; every other directive is the
 * shipped one.
 */
public final class Nginx implements AutoCloseable {

    public static final String BINARY = System.getenv().getOrDefault("PARLEY_NGINX", "/usr/sbin/nginx");
    static final Path SHIPPED = Path.of("../deploy/nginx.conf");

    private final Process process;
    private final int port;

    public Nginx(Path dir, List<Integer> upstreamPorts) throws Exception {
        this.port = ProcessCluster.freePort();
        String conf = Files.readString(SHIPPED);
        String servers = upstreamPorts.stream()
                .map(p -> "server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n    "));
        conf = conf.replaceAll("(?m)^\\s*server parley-\\d+:8080[^;]*;\\s*$\\n?", "")
                .replace("# upstream servers", servers)
                .replaceAll("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replaceAll("(?m)^user .*;$", "")
                .replace(
                        "events {",
                        "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log")
                                + " warn;\nevents {")
                .replace(
                        "http {",
                        "http {\n  access_log off;\n  client_body_temp_path " + dir.resolve("body")
                                + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Files.copy(Path.of("/etc/nginx/mime.types"), dir.resolve("mime.types"));
        this.process = new ProcessBuilder(BINARY, "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        ExternalProgram.awaitListening(
                process, port, Duration.ofSeconds(10), "nginx", () -> Files.readString(dir.resolve("nginx.out")));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The condition behind {@link RequiresNginx}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return ExternalProgram.required(BINARY, "nginx", "apt-get install nginx-light");
        }
    }
}
