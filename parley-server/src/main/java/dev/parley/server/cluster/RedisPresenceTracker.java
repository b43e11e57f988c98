package dev.parley.server.cluster;

import dev.parley.core.presence.PresenceTracker;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence for a cluster, in Redis. Per user: the nodes holding a connection of theirs (a sorted
 * set, each node with an expiry that the node pushes forward every third of the TTL) and a state,
 * {@code online}, {@code leaving} (no connection left, within the grace period) or {@code offline},
 * with when they were last seen. Every transition is one Lua script, so it happens (and is
 * reported) once however many nodes try. Times are Redis's own clock.
 *
 * <p>A node that stops without closing its connections stops refreshing its entries: once they
 * expire, whichever node sweeps first makes those users offline and reports it ({@link
 * #onDiscovered}): within the TTL plus a third of it. A node heard from again (its entries
 * refreshed after a network cut) makes its users online again, reported the same way.
 *
 * <p>This node's own connections are counted here; Redis is told only about a user's first and
 * last connection on this node. Those commands are sent while the user's count is locked, so they
 * reach Redis in the order the connections opened and closed (sending never waits).
 */
public final class RedisPresenceTracker implements PresenceTracker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceTracker.class);
    private static final int BATCH = 200;

    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

    /** KEYS: nodes, state, index. ARGV: node, ttl ms, user. 1 when the user was offline. */
    private static final LuaScript CONNECT = new LuaScript(NOW
            + "local exp = now + tonumber(ARGV[2]) "
            + "redis.call('ZADD', KEYS[1], exp, ARGV[1]) "
            + "redis.call('ZADD', KEYS[3], 'GT', exp, ARGV[3]) "
            + "local s = redis.call('HGET', KEYS[2], 'state') "
            + "redis.call('HSET', KEYS[2], 'state', 'online') "
            + "if s == 'online' or s == 'leaving' then return 0 end return 1");

    /** KEYS: nodes, state. ARGV: node. 1 when no node holds a connection any more (now leaving). */
    private static final LuaScript DISCONNECT = new LuaScript(NOW
            + "redis.call('ZREM', KEYS[1], ARGV[1]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            + "if redis.call('ZCARD', KEYS[1]) == 0 then "
            + "redis.call('HSET', KEYS[2], 'state', 'leaving', 'seen', now) return 1 end return 0");

    /** KEYS: nodes, state, index. ARGV: user. 1 when the leaving user is now offline. */
    private static final LuaScript LEAVE = new LuaScript(NOW
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            + "if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('HGET', KEYS[2], 'state') == 'leaving' then "
            + "redis.call('HSET', KEYS[2], 'state', 'offline') redis.call('ZREM', KEYS[3], ARGV[1]) return 1 end "
            + "return 0");

    /**
     * KEYS: nodes, state, index. ARGV: user, grace ms. The time last seen when it made the user
     * offline (every node holding them expired, or their grace period ended with nobody to end it),
     * else -1.
     */
    private static final LuaScript SWEEP = new LuaScript(NOW
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            + "if redis.call('ZCARD', KEYS[1]) > 0 then return -1 end "
            + "local st = redis.call('HMGET', KEYS[2], 'state', 'seen') "
            + "if st[1] == 'online' then redis.call('HSET', KEYS[2], 'state', 'offline', 'seen', now) "
            + "redis.call('ZREM', KEYS[3], ARGV[1]) return now end "
            + "if st[1] == 'leaving' then "
            + "if tonumber(st[2]) + tonumber(ARGV[2]) < now then redis.call('HSET', KEYS[2], 'state', 'offline') "
            + "redis.call('ZREM', KEYS[3], ARGV[1]) return tonumber(st[2]) end return -1 end "
            + "redis.call('ZREM', KEYS[3], ARGV[1]) return -1");

    /**
     * KEYS: index, then nodes and state of each user. ARGV: node, ttl ms, then the users. Pushes this
     * node's expiry forward; answers the users it made online again (they had been swept offline).
     */
    private static final LuaScript REFRESH = new LuaScript(NOW
            + "local exp = now + tonumber(ARGV[2]) local back = {} "
            + "for i = 3, #ARGV do local z = KEYS[2 * (i - 2)] local h = KEYS[2 * (i - 2) + 1] "
            + "redis.call('ZADD', z, exp, ARGV[1]) redis.call('ZADD', KEYS[1], 'GT', exp, ARGV[i]) "
            + "local s = redis.call('HGET', h, 'state') "
            + "if s ~= 'online' then redis.call('HSET', h, 'state', 'online') "
            + "if s == 'offline' then back[#back + 1] = ARGV[i] end end end return back");

    /** KEYS: nodes and state of each user. Per user: live nodes, state, last seen. */
    private static final LuaScript STATUS = new LuaScript(NOW
            + "local out = {} for i = 1, #KEYS, 2 do "
            + "out[#out + 1] = redis.call('ZCOUNT', KEYS[i], now, '+inf') "
            + "local st = redis.call('HMGET', KEYS[i + 1], 'state', 'seen') "
            + "out[#out + 1] = st[1] or '' out[#out + 1] = st[2] or '' end return out");

    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;
    private final String index;
    private final String node;
    private final long ttlMillis;
    private final long graceMillis;
    private final Map<Long, Set<String>> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile Transition discovered = (userId, online, lastSeen) -> {};

    public RedisPresenceTracker(
            RedisConnections connections, String namespace, String node, Duration ttl, Duration grace) {
        this.connection = connections.strings();
        this.redis = connection.async();
        this.prefix = namespace + ":p:{";
        this.index = namespace + ":p:index";
        this.node = node;
        this.ttlMillis = ttl.toMillis();
        this.graceMillis = grace.toMillis();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-presence");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, ttlMillis / 3);
        timer.scheduleWithFixedDelay(this::refreshAndSweep, every, every, TimeUnit.MILLISECONDS);
    }

    private String nodes(long userId) {
        return prefix + userId + "}";
    }

    private String state(long userId) {
        return prefix + userId + "}:s";
    }

    @Override
    public CompletionStage<Boolean> connected(long userId, String connectionId, Instant at) {
        List<CompletionStage<Boolean>> sent = new ArrayList<>(1);
        local.compute(userId, (id, set) -> {
            Set<String> s = set != null ? set : new HashSet<>(2);
            if (s.isEmpty()) {
                sent.add(script(
                        CONNECT,
                        new String[] {nodes(id), state(id), index},
                        node,
                        Long.toString(ttlMillis),
                        Long.toString(id)));
            }
            s.add(connectionId);
            return s;
        });
        return sent.isEmpty() ? CompletableFuture.completedFuture(false) : sent.get(0);
    }

    @Override
    public CompletionStage<Boolean> disconnected(long userId, String connectionId, Instant at) {
        List<CompletionStage<Boolean>> sent = new ArrayList<>(1);
        local.computeIfPresent(userId, (id, set) -> {
            if (!set.remove(connectionId) || !set.isEmpty()) {
                return set;
            }
            sent.add(script(DISCONNECT, new String[] {nodes(id), state(id)}, node));
            return null;
        });
        return sent.isEmpty() ? CompletableFuture.completedFuture(false) : sent.get(0);
    }

    @Override
    public CompletionStage<Boolean> leave(long userId, Instant at) {
        return script(LEAVE, new String[] {nodes(userId), state(userId), index}, Long.toString(userId));
    }

    @Override
    public CompletionStage<Map<Long, Status>> status(Collection<Long> userIds) {
        List<Long> ids = List.copyOf(new HashSet<>(userIds));
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String[] keys = new String[ids.size() * 2];
        for (int i = 0; i < ids.size(); i++) {
            keys[2 * i] = nodes(ids.get(i));
            keys[2 * i + 1] = state(ids.get(i));
        }
        return STATUS.<List<Object>>run(redis, ScriptOutputType.MULTI, keys).thenApply(out -> {
            Map<Long, Status> statuses = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                long live = ((Number) out.get(3 * i)).longValue();
                String state = (String) out.get(3 * i + 1);
                String seen = (String) out.get(3 * i + 2);
                boolean online = live > 0 || "leaving".equals(state);
                Instant lastSeen = online || seen.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(seen));
                statuses.put(ids.get(i), new Status(online, lastSeen));
            }
            return statuses;
        });
    }

    @Override
    public void onDiscovered(Transition listener) {
        this.discovered = listener;
    }

    private CompletionStage<Boolean> script(LuaScript script, String[] keys, String... args) {
        return script.<Long>run(redis, ScriptOutputType.INTEGER, keys, args).thenApply(result -> result == 1);
    }

    /** Every third of the TTL: this node's entries pushed forward, expired nodes' users made offline. */
    private void refreshAndSweep() {
        try {
            refresh();
            sweep();
        } catch (RuntimeException e) {
            log.debug("Presence refresh failed: {}", e.toString());
        }
    }

    private void refresh() {
        List<Long> users = new ArrayList<>(local.keySet());
        for (int from = 0; from < users.size(); from += BATCH) {
            List<Long> batch = users.subList(from, Math.min(users.size(), from + BATCH));
            String[] keys = new String[1 + 2 * batch.size()];
            String[] args = new String[2 + batch.size()];
            keys[0] = index;
            args[0] = node;
            args[1] = Long.toString(ttlMillis);
            for (int i = 0; i < batch.size(); i++) {
                keys[1 + 2 * i] = nodes(batch.get(i));
                keys[2 + 2 * i] = state(batch.get(i));
                args[2 + i] = Long.toString(batch.get(i));
            }
            REFRESH.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, args)
                    .thenAccept(back ->
                            back.forEach(userId -> discovered.changed(Long.parseLong((String) userId), true, null)));
        }
    }

    private void sweep() {
        redis.zrangebyscore(index, Range.create(0, System.currentTimeMillis()), Limit.create(0, BATCH))
                .thenAccept(expired -> expired.forEach(this::sweep));
    }

    private void sweep(String user) {
        long userId = Long.parseLong(user);
        SWEEP.<Long>run(
                        redis,
                        ScriptOutputType.INTEGER,
                        new String[] {nodes(userId), state(userId), index},
                        user,
                        Long.toString(graceMillis))
                .thenAccept(seen -> {
                    if (seen >= 0) {
                        discovered.changed(userId, false, Instant.ofEpochMilli(seen));
                    }
                });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        connection.closeAsync();
    }
}
