package dev.parley.server.testing;

import dev.parley.server.ParleyApplication;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several Parley nodes in this JVM, as a cluster: one PostgreSQL schema, one Redis namespace, one
 * signing key. Each node reaches Redis through a relay of its own ({@link #redis}), so a test can
 * cut a node (or all) off Redis without touching the machine's Redis.
 */
public final class InProcessCluster implements AutoCloseable {

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final ClusterServices services;

    /** Starts {@code count} nodes named a, b, c, ...; {@code settings} are extra {@code --key=value} arguments. */
    public InProcessCluster(int count, String... settings) throws Exception {
        this.services = ClusterServices.create();
        try {
            for (int i = 0; i < count; i++) {
                TcpProxy proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
                proxies.add(proxy);
                List<String> args = services.nodeArgs(
                        String.valueOf((char) ('a' + i)),
                        Files.createTempDirectory("parley-node").toString(),
                        "redis://127.0.0.1:" + proxy.port());
                args.addAll(List.of(
                        "--server.port=0",
                        "--parley.redis.reconnect-max-delay=500ms",
                        "--parley.redis.poll-interval=300ms",
                        "--parley.realtime.presence-grace=1s"));
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
        services.drop();
    }
}
