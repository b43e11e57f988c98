package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A server process on this machine, known by its pid: a full GC through jcmd (the one next to this
 * JVM), and its memory and open files from /proc. A blank pid means the process is not known here;
 * every reading then answers -1.
 */
final class ServerProcess {

    private ServerProcess() {}

    /** Whether {@link #fullGc} can run: a pid is known and jcmd is there. */
    static boolean canCollect(String pid) {
        return !pid.isBlank() && Files.isExecutable(jcmd());
    }

    /** Runs a full GC in the process ({@code jcmd <pid> GC.run}) and waits for it; false when it failed. */
    static boolean fullGc(String pid) throws IOException, InterruptedException {
        if (!canCollect(pid)) {
            return false;
        }
        Process p = new ProcessBuilder(jcmd().toString(), pid, "GC.run")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** A field of /proc/<pid>/status in its own unit (KiB for the Vm and Rss fields), or -1. */
    static long status(String pid, String field) {
        if (pid.isBlank()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended, or the field is not there
        }
        return -1;
    }

    /** The number of open file descriptors (entries of /proc/<pid>/fd), or -1. */
    static long openFiles(String pid) {
        if (pid.isBlank()) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return fds.count();
        } catch (IOException gone) {
            return -1;
        }
    }

    private static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }
}
