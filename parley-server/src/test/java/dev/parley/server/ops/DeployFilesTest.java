package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import dev.parley.server.realtime.TestSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** No Docker engine here: the deploy files are checked statically, the dashboard against a live scrape. */
public class DeployFilesTest extends ApiTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    /** Dashboard metrics only a cluster node exports (the Redis bus). */
    public static final Set<String> CLUSTER_ONLY = Set.of(
            "parley_bus_published_total",
            "parley_bus_received_total",
            "parley_bus_publish_failures_total",
            "parley_bus_connected",
            "parley_bus_topics");

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        return new Yaml().load(Files.readString(file));
    }

    @Test
    void composeStartsEveryServiceTheReadmeNames() throws Exception {
        Map<String, Object> services = map(yaml(DEPLOY.resolve("compose.yaml")).get("services"));
        assertThat(services).containsKeys("parley", "postgres", "prometheus", "grafana", "jaeger");

        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher line =
                Pattern.compile("`deploy/compose.yaml` starts: ([a-z, ]+)\\.").matcher(readme);
        assertThat(line.find()).as("the README lists the compose services").isTrue();
        for (String service : line.group(1).split(",\\s*")) {
            assertThat(services).containsKey(service.strip());
        }
        Map<String, Object> env = map(map(services.get("parley")).get("environment"));
        assertThat((String) env.get("PARLEY_DB_URL")).startsWith("jdbc:postgresql://postgres:");
        assertThat((String) env.get("OTEL_EXPORTER_OTLP_ENDPOINT")).contains("jaeger");
    }

    @Test
    void theClusterComposeRunsThreeNodesBehindNginxOnOnePostgresAndOneRedis() throws Exception {
        Map<String, Object> services =
                map(yaml(DEPLOY.resolve("compose.cluster.yaml")).get("services"));
        assertThat(services)
                .containsKeys(
                        "nginx", "parley-1", "parley-2", "parley-3", "postgres", "redis", "prometheus", "grafana");
        Set<String> nodeIds = new HashSet<>();
        for (String node : List.of("parley-1", "parley-2", "parley-3")) {
            Map<String, Object> env = map(map(services.get(node)).get("environment"));
            assertThat((String) env.get("PARLEY_DB_URL")).startsWith("jdbc:postgresql://postgres:");
            assertThat((String) env.get("PARLEY_REDIS_URL")).isEqualTo("redis://redis:6379");
            assertThat((String) env.get("PARLEY_AUTH_JWT_SECRET"))
                    .as("one signing key for all")
                    .contains("PARLEY_JWT_SECRET");
            nodeIds.add((String) env.get("PARLEY_NODE_ID"));
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("parley-1", "parley-2", "parley-3");
        assertThat(map(services.get("nginx")).get("volumes").toString()).contains("./nginx.conf:/etc/nginx/nginx.conf");

        String nginx = Files.readString(DEPLOY.resolve("nginx.conf"));
        assertThat(nginx).contains("least_conn", "proxy_set_header Upgrade $http_upgrade");
        Matcher upstream = Pattern.compile("server (parley-\\d):8080").matcher(nginx);
        Set<String> upstreams = new HashSet<>();
        while (upstream.find()) {
            upstreams.add(upstream.group(1));
        }
        assertThat(upstreams).isEqualTo(nodeIds);
        assertThat(yaml(DEPLOY.resolve("prometheus/prometheus.cluster.yml")).toString())
                .contains("parley-1:8080", "parley-2:8080", "parley-3:8080");
    }

    @Test
    void prometheusScrapesParleyAndGrafanaIsProvisioned() throws Exception {
        Map<String, Object> prometheus = yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
        Map<String, Object> job = map(((List<?>) prometheus.get("scrape_configs")).get(0));
        assertThat(job).containsEntry("metrics_path", "/metrics");
        assertThat(job.toString()).contains("parley:8080");

        Map<String, Object> datasources = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml"));
        assertThat(datasources.toString()).contains("http://prometheus:9090");
        Map<String, Object> dashboards = yaml(DEPLOY.resolve("grafana/provisioning/dashboards/parley.yaml"));
        assertThat(dashboards.toString()).contains("/var/lib/grafana/dashboards");
    }

    @Test
    void theDockerfileBuildsOnJdk25AndRunsOnAJre25AsANonRootUserWithAHealthCheck() throws Exception {
        List<String> lines = List.of(Files.readString(DEPLOY.resolve("Dockerfile"))
                .replace("\\\n", " ")
                .split("\n"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).contains("25-jdk");
        assertThat(from.get(1)).contains("25-jre");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("USER (?!root).+"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK").contains("/health/ready"));
    }

    @Test
    void everyDashboardQueryNamesAMetricTheServerExports() throws Exception {
        generateTraffic();
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(Files.readString(DEPLOY.resolve("grafana/dashboards/parley.json")));
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asString());
            }
        }
        Set<String> wanted = new HashSet<>();
        exprs.forEach(expr -> wanted.addAll(metricNames(expr)));
        assertThat(wanted).containsAll(CLUSTER_ONLY);
        wanted.removeAll(CLUSTER_ONLY); // this server runs alone; ClusterDeliveryIT checks these on a cluster node
        assertThat(wanted)
                .contains(
                        "chat_messages_sent_total",
                        "chat_messages_latency_seconds_bucket",
                        "chats_alive_total",
                        "users_online_total",
                        "message_to_db_workers_total",
                        "chat_connections");

        long deadline = System.nanoTime() + 15_000_000_000L;
        Set<String> missing;
        do {
            System.gc();
            Thread.sleep(100);
            Set<String> exported = Scrape.parse(http.get()
                            .uri("/metrics")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .names();
            missing = new HashSet<>(wanted);
            missing.removeAll(exported);
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        assertThat(missing).as("dashboard metrics the server does not export").isEmpty();
    }

    /** Makes the lazily created series exist: requests, a stored message, a socket closed by the server. */
    private void generateTraffic() {
        TestUser a = register("dash");
        TestUser b = register("dash");
        send(a, direct(a, b), "for the dashboard");
        try (var socket = TestSockets.live(port, a.accessToken())) {
            socket.sendBinary();
        }
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(bare);
        while (m.find()) {
            String token = m.group().replaceAll("\\s*\\($", "");
            boolean function = m.group().endsWith("(");
            if (!function && !PROMQL_WORDS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }
}
