package dev.parley.server.cluster;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.ClusterBusContract;
import dev.parley.server.testing.RequiresRedis;
import dev.parley.server.testing.TcpProxy;
import dev.parley.server.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The Redis bus keeps the bus contract between nodes; each node reaches Redis through a relay a test can cut. */
@RequiresRedis
class RedisBusIT extends ClusterBusContract {

    private final String namespace = TestRedis.namespace();
    private final Map<Bus, TcpProxy> proxies = new IdentityHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private int nodes;

    @Override
    protected Bus open() throws Exception {
        TcpProxy proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
        RedisConnections redis = new RedisConnections(
                TestRedis.settings("redis://127.0.0.1:" + proxy.port(), namespace, Duration.ofSeconds(15)));
        RedisBus bus = new RedisBus(redis, namespace, "node-" + ++nodes, new SimpleMeterRegistry());
        proxies.put(bus, proxy);
        resources.add(redis);
        resources.add(proxy);
        return bus;
    }

    @Override
    protected void cutOff(Bus node) throws Exception {
        proxies.get(node).cut();
    }

    @Override
    protected void restore(Bus node) throws Exception {
        proxies.get(node).restore();
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }
}
