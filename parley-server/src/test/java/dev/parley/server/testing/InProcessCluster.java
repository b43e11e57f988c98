package dev.parley.server.testing;

import dev.parley.server.ParleyApplication;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several Parley nodes in this JVM, as a cluster: one PostgreSQL schema, one Redis namespace, one
 * signing key. Each node reaches Redis through a relay of its own ({@link #redis}), so a test can
 * cut a node (or all) off Redis without touching the machine's Redis.
 */
public final class InProcessCluster implements AutoCloseable {

    private final String schema = "cl_" + UUID.randomUUID().toString().replace("-", "");
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();

    /** Starts {@code count} nodes named a, b, c, ...; {@code settings} are extra {@code --key=value} arguments. */
    public InProcessCluster(int count, String... settings) throws Exception {
        try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        String url = TestPostgres.URL + (TestPostgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        String namespace = TestRedis.namespace();
        String secret =
                Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        try {
            for (int i = 0; i < count; i++) {
                TcpProxy proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
                proxies.add(proxy);
                List<String> args = new ArrayList<>(List.of(
                        "--server.port=0",
                        "--parley.node-id=" + (char) ('a' + i),
                        "--parley.data-dir=" + Files.createTempDirectory("parley-node"),
                        "--parley.db.url=" + url,
                        "--parley.db.user=" + TestPostgres.USER,
                        "--parley.db.password=" + TestPostgres.PASSWORD,
                        "--parley.db.pool-size=6",
                        "--parley.redis.url=redis://127.0.0.1:" + proxy.port(),
                        "--parley.redis.namespace=" + namespace,
                        "--parley.redis.reconnect-max-delay=500ms",
                        "--parley.redis.poll-interval=300ms",
                        "--parley.auth.jwt-secret=" + secret,
                        "--parley.auth.bcrypt-cost=4",
                        "--parley.realtime.commands-per-second=1000",
                        "--parley.realtime.command-burst=1000",
                        "--parley.realtime.presence-grace=1s",
                        "--parley.store-threads=16"));
                args.addAll(List.of(settings));
                nodes.add(new SpringApplicationBuilder(ParleyApplication.class).run(args.toArray(String[]::new)));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public int port(int node) {
        return ((WebServerApplicationContext) nodes.get(node)).getWebServer().getPort();
    }

    public int size() {
        return nodes.size();
    }

    /** The relay between a node and Redis. */
    public TcpProxy redis(int node) {
        return proxies.get(node);
    }

    public <T> T bean(int node, Class<T> type) {
        return nodes.get(node).getBean(type);
    }

    @Override
    public void close() throws Exception {
        for (ConfigurableApplicationContext node : nodes) {
            node.close();
        }
        for (TcpProxy proxy : proxies) {
            proxy.close();
        }
        try (var c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
