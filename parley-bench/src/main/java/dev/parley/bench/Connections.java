package dev.parley.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens C authenticated connections, spread over the servers given with --url, and holds them;
 * reports the connect rate and each server's memory per connection. With --server-pid (one per
 * server, on this machine) each is measured twice: the live heap after a full GC (jcmd GC.run,
 * then the heap in use from /metrics), and the resident set from /proc (which also counts what
 * lives off the heap; run the servers with a fixed, pre-touched heap, -Xms = -Xmx with
 * -XX:+AlwaysPreTouch, so heap growth does not count as connections). Without it, only the heap in
 * use (garbage included) is reported.
 *
 * <p>With --processes=N the connections are opened by N child processes of the tool (one process
 * may hold about 20,000 sockets here, its open-files limit), and this one only measures.
 */
final class Connections {

    private static final String READY = "CONNECTIONS-READY";

    static boolean run(Run run) throws Exception {
        int connections = run.options.integer("connections", 1000);
        int processes = run.options.integer("processes", 1);
        boolean child = Boolean.parseBoolean(run.options.string("child", "false"));
        Duration hold = run.options.seconds("hold", 5);
        Duration timeout = run.options.seconds("timeout", 300);
        List<String> pids = run.options.list("server-pid", "");
        if (child) {
            return openAndHold(run, connections, timeout);
        }
        run.out.printf(
                "connections: %d connections over %d server(s), from %d process(es)%n",
                connections, run.urls.size(), processes);
        Thread.sleep(1000);
        List<Memory> before = measure(run, pids);
        Opened opened = processes > 1
                ? new Fleet(run, processes, connections, timeout).start()
                : openLocally(run, connections, timeout);
        Thread.sleep(hold.toMillis());
        List<Memory> after = measure(run, pids);
        opened.close();

        run.results.put("connectionsOpened", opened.count());
        run.results.put("connectSeconds", Math.round(opened.seconds() * 100) / 100.0);
        run.results.put("connectsPerSecond", Math.round(opened.count() / opened.seconds()));
        List<Map<String, Object>> nodes = new ArrayList<>();
        long serverConnections = 0;
        for (int i = 0; i < run.urls.size(); i++) {
            Map<String, Object> node = after.get(i).perConnection(before.get(i));
            node.put("url", run.urls.get(i));
            serverConnections += after.get(i).connections();
            nodes.add(node);
        }
        run.results.put("serverReportsConnections", serverConnections);
        run.results.put("servers", nodes);
        if (nodes.size() == 1) {
            run.results.putAll(nodes.get(0)); // the single-server figures as before
        }
        run.results.put("allResumedBeforeTimeout", opened.failed() == 0 && opened.count() == connections);
        var correctness = run.correctness(0);
        correctness.put("failedConnections", opened.failed() + (connections - opened.count() - opened.failed()));
        return run.report("connections", correctness);
    }

    /** What was opened: how many, how many failed, how long it took; closing ends them. */
    interface Opened extends AutoCloseable {
        long count();

        long failed();

        double seconds();

        @Override
        void close() throws Exception;
    }

    private static Opened openLocally(Run run, int connections, Duration timeout) throws Exception {
        int users = run.options.integer("users", Math.max(1, connections / 100));
        int concurrency = run.options.integer("connect-concurrency", 256);
        List<Api.User> people = run.api.users(run.name + "u", users);
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        // at most this many handshakes in flight, so the servers' accept queues never overflow
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(concurrency);
        run.progress(() -> String.format("%,d / %,d resumed", countResumed(sockets), connections));
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            Socket socket = run.open(people.get(i % users).token(), "{}", frame -> {});
            socket.resumed.whenComplete((ok, error) -> inFlight.release());
            sockets.add(socket);
        }
        Run.await(() -> countResumed(sockets) == connections, timeout);
        double seconds = (System.nanoTime() - start) / 1e9;
        long failed;
        synchronized (sockets) {
            failed = sockets.stream()
                    .filter(s -> s.resumed.isCompletedExceptionally())
                    .count();
        }
        return new Local(connections - failed, failed, seconds);
    }

    /** Connections this process opened; the run closes them. */
    private record Local(long count, long failed, double seconds) implements Opened {
        @Override
        public void close() {}
    }

    /** A child process: opens its share, says so on standard output, holds until its input closes. */
    private static boolean openAndHold(Run run, int connections, Duration timeout) throws Exception {
        Opened opened = openLocally(run, connections, timeout);
        System.out.printf("%s %d %d %.3f%n", READY, opened.count(), opened.failed(), opened.seconds());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the sockets until the parent closes our input
        }
        return opened.failed() == 0;
    }

    /** N child processes of the tool, each opening a share of the connections. */
    private static final class Fleet implements Opened {
        private final List<Process> children = new ArrayList<>();
        private final Duration timeout;
        private long count;
        private long failed;
        private double seconds;

        Fleet(Run run, int processes, int connections, Duration timeout) throws Exception {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            // run as the tool's jar (its classes are nested in it), or as classes (the tests)
            List<String> launch = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                    ? List.of(java, "-jar", classPath)
                    : List.of(java, "-cp", classPath, Bench.class.getName());
            for (int i = 0; i < processes; i++) {
                int share = connections / processes + (i < connections % processes ? 1 : 0);
                List<String> command = new ArrayList<>(launch);
                command.add("connections");
                for (String arg : run.options.arguments()) {
                    if (!arg.startsWith("--connections=")
                            && !arg.startsWith("--processes=")
                            && !arg.startsWith("--out=")
                            && !arg.startsWith("--server-pid=")) {
                        command.add(arg);
                    }
                }
                command.add("--connections=" + share);
                command.add("--child=true");
                command.add("--out=" + Files.createTempFile("parley-bench-child", ".json"));
                children.add(new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start());
            }
            this.timeout = timeout;
        }

        Fleet start() throws Exception {
            for (Process child : children) {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + timeout.toNanos();
                String line;
                while ((line = out.readLine()) != null && !line.startsWith(READY)) {
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                }
                if (line == null || !line.startsWith(READY)) {
                    throw new IllegalStateException("a child process did not open its connections");
                }
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "child-output"); // progress lines
                drain.setDaemon(true);
                drain.start();
                String[] parts = line.split(" ");
                count += Long.parseLong(parts[1]);
                failed += Long.parseLong(parts[2]);
                seconds = Math.max(seconds, Double.parseDouble(parts[3]));
            }
            return this;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public long failed() {
            return failed;
        }

        @Override
        public double seconds() {
            return seconds;
        }

        @Override
        public void close() throws Exception {
            for (Process child : children) {
                child.getOutputStream().close();
            }
            for (Process child : children) {
                child.waitFor();
            }
        }
    }

    /** One server's memory and connections at one moment. */
    private record Memory(long rssKb, double heapBytes, long connections, boolean collected) {

        Map<String, Object> perConnection(Memory before) {
            Map<String, Object> node = new LinkedHashMap<>();
            long added = Math.max(1, connections - before.connections);
            node.put("serverConnections", connections);
            if (rssKb > 0) {
                node.put("serverRssKbBefore", before.rssKb);
                node.put("serverRssKbAfter", rssKb);
                node.put("serverRssBytesPerConnection", Math.round((rssKb - before.rssKb) * 1024.0 / added));
            }
            node.put(
                    collected ? "serverLiveHeapBytesPerConnection" : "serverHeapInUseBytesPerConnection",
                    Math.round((heapBytes - before.heapBytes) / added));
            return node;
        }
    }

    /** Every server's memory, after a full GC where the pid is known. */
    private static List<Memory> measure(Run run, List<String> pids) throws Exception {
        List<Memory> memory = new ArrayList<>();
        for (int i = 0; i < run.apis.size(); i++) {
            String pid = i < pids.size() ? pids.get(i) : "";
            boolean collected = fullGc(pid, run);
            Api api = run.apis.get(i);
            memory.add(new Memory(
                    ServerProcess.status(pid, "VmRSS"),
                    api.metric("jvm_memory_used_bytes{area=\"heap\""),
                    Math.max(0, (long) api.metric("chat_connections")),
                    collected));
        }
        return memory;
    }

    private static long countResumed(List<Socket> sockets) {
        synchronized (sockets) {
            return sockets.stream().filter(s -> s.resumed.isDone()).count();
        }
    }

    /** Runs a full GC in the server with jcmd (next to this JVM); false when it could not. */
    private static boolean fullGc(String pid, Run run) throws Exception {
        if (!ServerProcess.canCollect(pid)) {
            return false;
        }
        boolean ok = ServerProcess.fullGc(pid);
        if (!ok) {
            run.out.println("  jcmd " + pid + " GC.run failed; heap figures include garbage");
        }
        Thread.sleep(500);
        return ok;
    }

    private Connections() {}
}
