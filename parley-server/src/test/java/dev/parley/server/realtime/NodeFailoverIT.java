package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Nginx;
import dev.parley.server.testing.ProcessCluster;
import dev.parley.server.testing.RequiresNginx;
import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.RequiresRedis;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes as real processes of the server jar, one of them killed with SIGKILL: behind nginx, a
 * client moves to a surviving node and resumes; under load, every acknowledged message reaches
 * every connection exactly once, and the dead node's users go offline within the bound.
 */
@RequiresPostgres
@RequiresRedis
@RequiresNginx
class NodeFailoverIT {

    private static final Duration PRESENCE_TTL = Duration.ofSeconds(3);

    @TempDir
    Path logs;

    @Test
    void behindNginxAClientGetsEventsSentThroughEveryNodeAndMovesToASurvivorWhenItsNodeDies() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(3, logs);
                Nginx nginx = new Nginx(logs, cluster.ports())) {
            NodeApi viaNginx = new NodeApi(nginx.port());
            NodeApi.User alice = viaNginx.user("na");
            NodeApi.User bob = viaNginx.user("nb");
            long chat = viaNginx.direct(alice, bob);
            try (RoamingClient client = new RoamingClient(List.of(uri(nginx.port())), 0, bob.accessToken())) {
                await(client::isLive, "connected through nginx");
                for (int node = 0; node < 3; node++) {
                    new NodeApi(cluster.port(node)).send(alice, chat, "through node " + node);
                }
                await(() -> client.cursor(chat) == 3, "the messages sent through every node");

                int dying = Integer.parseInt(client.nodes().get(0).substring("node-".length()));
                cluster.kill(dying);
                viaNginx.send(alice, chat, "while bob moves");
                viaNginx.send(alice, chat, "and after");

                await(() -> client.cursor(chat) == 5, "the messages sent while it moved");
                assertThat(client.nodes()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(client.nodes().get(client.nodes().size() - 1)).isNotEqualTo("node-" + dying);
                assertThat(client.received(chat)).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(client.duplicates.get() + client.gaps.get()).isZero();
            }
        }
    }

    @Test
    void killingANodeUnderLoadLosesNothingAndItsUsersGoOfflineWithinTheBound() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(
                3,
                logs,
                "--parley.redis.presence-ttl=" + PRESENCE_TTL.toSeconds() + "s",
                "--parley.realtime.presence-grace=1s")) {
            List<URI> servers = List.of(uri(cluster.port(0)), uri(cluster.port(1)), uri(cluster.port(2)));
            NodeApi rest = new NodeApi(cluster.port(0));
            List<NodeApi.User> senders = new ArrayList<>();
            List<NodeApi.User> receivers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                senders.add(rest.user("ks"));
                receivers.add(rest.user("kr"));
                receivers.add(rest.user("kr"));
            }
            List<NodeApi.User> members = new ArrayList<>(senders.subList(1, 3));
            members.addAll(receivers);
            long chat = rest.group(senders.get(0), members);
            NodeApi.User dana = rest.user("kd");
            NodeApi.User erin = rest.user("ke");
            rest.direct(dana, erin);

            List<RoamingClient> clients = new ArrayList<>();
            try {
                List<RoamingClient> sending = new ArrayList<>();
                List<RoamingClient> listening = new ArrayList<>();
                for (int i = 0; i < 3; i++) { // each node: a sender and two receivers
                    sending.add(new RoamingClient(servers, i, senders.get(i).accessToken()));
                    listening.add(
                            new RoamingClient(servers, i, receivers.get(2 * i).accessToken()));
                    listening.add(new RoamingClient(
                            servers, i, receivers.get(2 * i + 1).accessToken()));
                }
                clients.addAll(sending);
                clients.addAll(listening);
                RoamingClient erinOnNode0 = new RoamingClient(servers, 0, erin.accessToken());
                clients.add(erinOnNode0);
                BlockingQueue<Map<String, Object>> presence = new LinkedBlockingQueue<>();
                erinOnNode0.onSignal(f -> {
                    if ("presence".equals(f.get("type")) && ((Number) f.get("userId")).longValue() == dana.id()) {
                        presence.add(f);
                    }
                });
                for (RoamingClient c : clients) {
                    await(c::isLive, "every client connected");
                }
                RoamingClient danaOnNode1 = new RoamingClient(List.of(servers.get(1)), 0, dana.accessToken());
                clients.add(danaOnNode1);
                assertThat(presence.poll(20, TimeUnit.SECONDS)).containsEntry("online", true);

                long start = System.nanoTime();
                boolean killed = false;
                long diedAt = 0;
                for (int n = 0;
                        System.nanoTime() - start < Duration.ofSeconds(8).toNanos();
                        n++) {
                    for (int i = 0; i < 3; i++) { // 3 senders at 50 messages a second each
                        sending.get(i).send(chat, "s" + i + "-" + n, "message " + n + " of sender " + i);
                    }
                    if (!killed
                            && System.nanoTime() - start > Duration.ofSeconds(3).toNanos()) {
                        cluster.kill(1); // dana's client knows only node 1: she stays away
                        danaOnNode1.close();
                        diedAt = System.nanoTime();
                        killed = true;
                    }
                    Thread.sleep(20);
                }

                Map<String, Object> offline =
                        presence.poll(PRESENCE_TTL.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                assertThat(offline)
                        .as("dana offline within " + PRESENCE_TTL.multipliedBy(3))
                        .isNotNull()
                        .containsEntry("online", false);
                Duration toOffline = Duration.ofNanos(System.nanoTime() - diedAt);
                try (RoamingClient danaBack = new RoamingClient(List.of(servers.get(2)), 0, dana.accessToken())) {
                    assertThat(presence.poll(20, TimeUnit.SECONDS))
                            .as("dana online again when she reconnects")
                            .containsEntry("online", true);
                }
                assertThat(presence).as("each change announced once").isEmpty();

                for (RoamingClient s : sending) {
                    await(() -> s.unackedCount() == 0, "every send acknowledged");
                }
                Set<Long> acked = new HashSet<>();
                sending.forEach(s -> acked.addAll(s.acked().values()));
                long last = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
                assertThat(acked).hasSizeGreaterThan(3 * 300);
                for (RoamingClient r : listening) {
                    await(() -> r.cursor(chat) >= last, "every acknowledged message at every receiver");
                    assertThat(r.received(chat)).containsAll(acked);
                    assertThat(r.duplicates.get()).as("duplicates").isZero();
                    assertThat(r.gaps.get()).as("gaps").isZero();
                }
                assertThat(listening.subList(2, 4))
                        .as("the receivers of the dead node moved")
                        .allSatisfy(r -> assertThat(r.nodes()).hasSizeGreaterThanOrEqualTo(2));
                System.out.printf(
                        "node killed under load: %d messages acknowledged; dana offline after %d ms%n",
                        acked.size(), toOffline.toMillis());
            } finally {
                clients.forEach(RoamingClient::close);
            }
        }
    }

    private static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
