package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens C authenticated connections and holds them; reports the connect rate and the server's
 * memory per connection. With --server-pid (a server on this machine) it is measured twice: the
 * live heap after a full GC (jcmd GC.run, then the heap in use from /metrics), and the resident
 * set from /proc (which also counts what lives off the heap; run the server with a fixed,
 * pre-touched heap, -Xms = -Xmx with -XX:+AlwaysPreTouch, so heap growth does not count as
 * connections). Without it, only the heap in use (garbage included) is reported.
 */
final class Connections {

    static boolean run(Run run) throws Exception {
        int connections = run.options.integer("connections", 1000);
        int users = run.options.integer("users", Math.max(1, connections / 100));
        Duration hold = run.options.seconds("hold", 5);
        Duration timeout = run.options.seconds("timeout", 300);
        String pid = run.options.string("server-pid", "");
        int concurrency = run.options.integer("connect-concurrency", 256);
        run.out.printf("connections: %d connections of %d users; provisioning...%n", connections, users);
        List<Api.User> people = run.api.users(run.name + "u", users);

        Thread.sleep(1000);
        boolean collected = fullGc(pid, run);
        long rssBefore = rss(pid);
        double heapBefore = run.api.metric("jvm_memory_used_bytes{area=\"heap\"");
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        // at most this many handshakes in flight, so the server's accept queue never overflows
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(concurrency);
        run.progress(() -> String.format("%,d / %,d resumed", countResumed(sockets), connections));
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            Socket socket = run.open(people.get(i % users).token(), "{}", frame -> {});
            socket.resumed.whenComplete((ok, error) -> inFlight.release());
            sockets.add(socket);
        }
        boolean all = Run.await(() -> countResumed(sockets) == connections, timeout);
        double seconds = (System.nanoTime() - start) / 1e9;
        long failed;
        synchronized (sockets) {
            failed = sockets.stream()
                    .filter(s -> s.resumed.isCompletedExceptionally())
                    .count();
        }
        Thread.sleep(hold.toMillis());
        fullGc(pid, run);
        long rssAfter = rss(pid);
        double heapAfter = run.api.metric("jvm_memory_used_bytes{area=\"heap\"");
        double serverConnections = run.api.metric("chat_connections");

        run.results.put("connectionsOpened", connections - failed);
        run.results.put("serverReportsConnections", (long) serverConnections);
        run.results.put("connectSeconds", Math.round(seconds * 100) / 100.0);
        run.results.put("connectsPerSecond", Math.round(connections / seconds));
        if (rssBefore > 0) {
            run.results.put("serverRssKbBefore", rssBefore);
            run.results.put("serverRssKbAfter", rssAfter);
            run.results.put("serverRssBytesPerConnection", Math.round((rssAfter - rssBefore) * 1024.0 / connections));
        }
        run.results.put(
                collected ? "serverLiveHeapBytesPerConnection" : "serverHeapInUseBytesPerConnection",
                Math.round((heapAfter - heapBefore) / connections));
        run.results.put("allResumedBeforeTimeout", all);
        var correctness = run.correctness(0);
        correctness.put("failedConnections", failed);
        return run.report("connections", correctness);
    }

    private static long countResumed(List<Socket> sockets) {
        synchronized (sockets) {
            return sockets.stream().filter(s -> s.resumed.isDone()).count();
        }
    }

    /** Runs a full GC in the server with jcmd (next to this JVM); false when it could not. */
    private static boolean fullGc(String pid, Run run) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (pid.isBlank() || !Files.isExecutable(jcmd)) {
            return false;
        }
        Process p = new ProcessBuilder(jcmd.toString(), pid, "GC.run")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        boolean ok = p.waitFor() == 0;
        if (!ok) {
            run.out.println("  jcmd " + pid + " GC.run failed; heap figures include garbage");
        }
        Thread.sleep(500);
        return ok;
    }

    /** VmRSS of the process in KiB, or -1. */
    private static long rss(String pid) throws Exception {
        if (pid.isBlank()) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private Connections() {}
}
