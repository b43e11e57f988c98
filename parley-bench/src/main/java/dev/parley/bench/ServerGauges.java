package dev.parley.bench;

/**
 * What a soak watches on the server, from its Prometheus scrape ({@code /metrics}) and, when its
 * pid is known on this machine, from /proc and jcmd: heap, resident memory, threads, open files.
 *
 * <p>The heap is judged after a GC. With a pid (and {@code collect}), each reading first runs a full
 * GC in the server ({@code jcmd <pid> GC.run}), so the heap in use is what is live. Without one,
 * the lowest heap in use seen between readings (glanced at every few seconds) stands in for it: the
 * bottom of the GC saw-tooth, an upper bound of what is live.
 */
final class ServerGauges {

    /**
     * One reading, {@code seconds} into the run; memory in MiB; -1 where a figure was not obtainable.
     * {@code heapUsed} is read before the GC (garbage included); {@code heapLow} only without a GC.
     * {@code threads} are the JVM's live threads, {@code osThreads} the process's (JIT and GC too).
     */
    record Reading(
            double seconds,
            double heapAfterGc,
            double heapUsed,
            double heapLow,
            double rss,
            double rssAnon,
            double rssFile,
            double threads,
            double osThreads,
            double openFiles,
            double connections) {

        /** The heap figure the verdict judges: after a full GC where there was one, else the lowest seen. */
        double heapJudged() {
            return heapAfterGc >= 0 ? heapAfterGc : heapLow;
        }

        /** The gauges as {@code name=value} pairs; heap-low only where there was no GC to read after. */
        String line() {
            return String.format(
                    "heap-after-gc=%s heap-used=%s%s rss=%s rss-anon=%s rss-file=%s threads=%s"
                            + " os-threads=%s fds=%s connections=%s",
                    mib(heapAfterGc),
                    mib(heapUsed),
                    heapLow < 0 ? "" : " heap-low=" + mib(heapLow),
                    mib(rss),
                    mib(rssAnon),
                    mib(rssFile),
                    count(threads),
                    count(osThreads),
                    count(openFiles),
                    count(connections));
        }

        private static String mib(double value) {
            return value < 0 ? "n/a" : String.format("%.1fMiB", value);
        }

        private static String count(double value) {
            return value < 0 ? "n/a" : String.format("%.0f", value);
        }
    }

    private static final double MIB = 1024 * 1024;
    private static final String HEAP = "jvm_memory_used_bytes{area=\"heap\"";

    private final Api api;
    private final String pid;
    private final boolean collect;
    private double heapLow = Double.MAX_VALUE;

    /** {@code pid} blank when the server is not on this machine; {@code collect}: run a full GC per reading. */
    ServerGauges(Api api, String pid, boolean collect) {
        this.api = api;
        this.pid = pid;
        this.collect = collect && ServerProcess.canCollect(pid);
    }

    boolean collects() {
        return collect;
    }

    /** Notes the heap in use now (between readings; the lowest one is reported). */
    synchronized void glance() {
        double used = Api.metric(api.scrape(), HEAP);
        if (used >= 0) {
            heapLow = Math.min(heapLow, used / MIB);
        }
    }

    /** Reads every gauge; with {@code collect}, the heap both before and after a full GC. */
    synchronized Reading read(double seconds) throws Exception {
        double heapUsed = mib(Api.metric(api.scrape(), HEAP));
        boolean collected = collect && ServerProcess.fullGc(pid);
        String scrape = api.scrape();
        double heapAfterGc = collected ? mib(Api.metric(scrape, HEAP)) : -1;
        double low = collect || heapUsed < 0 ? -1 : Math.min(heapLow, heapUsed);
        heapLow = Double.MAX_VALUE;
        double openFiles = Api.metric(scrape, "process_files_open_files");
        return new Reading(
                seconds,
                heapAfterGc,
                heapUsed,
                low,
                kib(ServerProcess.status(pid, "VmRSS")),
                kib(ServerProcess.status(pid, "RssAnon")),
                kib(ServerProcess.status(pid, "RssFile")),
                Api.metric(scrape, "jvm_threads_live_threads"),
                ServerProcess.status(pid, "Threads"),
                openFiles >= 0 ? openFiles : ServerProcess.openFiles(pid),
                Api.metric(scrape, "chat_connections"));
    }

    private static double mib(double bytes) {
        return bytes < 0 ? -1 : bytes / MIB;
    }

    private static double kib(long kib) {
        return kib < 0 ? -1 : kib / 1024.0;
    }
}
