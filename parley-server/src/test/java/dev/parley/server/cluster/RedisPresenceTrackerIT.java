package dev.parley.server.cluster;

import dev.parley.core.presence.ClusterPresenceContract;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.testing.RequiresRedis;
import dev.parley.server.testing.TcpProxy;
import dev.parley.server.testing.TestRedis;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/** Presence in Redis keeps the presence contract between nodes; a short TTL keeps the crash tests quick. */
@RequiresRedis
class RedisPresenceTrackerIT extends ClusterPresenceContract {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofMillis(500);

    private final String namespace = TestRedis.namespace();
    private final Map<PresenceTracker, TcpProxy> proxies = new IdentityHashMap<>();
    private int nodes;

    @Override
    protected PresenceTracker open() throws Exception {
        TcpProxy proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
        RedisConnections redis =
                new RedisConnections(TestRedis.settings("redis://127.0.0.1:" + proxy.port(), namespace, TTL));
        RedisPresenceTracker tracker = new RedisPresenceTracker(redis, namespace, "node-" + ++nodes, TTL, GRACE);
        proxies.put(tracker, proxy);
        opened.add(redis);
        opened.add(proxy);
        return tracker;
    }

    @Override
    protected void crash(PresenceTracker node) throws Exception {
        ((RedisPresenceTracker) node).close(); // stops refreshing; no connection is closed
    }

    @Override
    protected void cutOff(PresenceTracker node) throws Exception {
        proxies.get(node).cut();
    }

    @Override
    protected void restore(PresenceTracker node) throws Exception {
        proxies.get(node).restore();
    }

    @Override
    protected Duration expiry() {
        return TTL.multipliedBy(4);
    }
}
