package dev.parley.bench;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The load tool: {@code java -jar parley-bench.jar <scenario> --url=http://127.0.0.1:8080 [--option=value ...]}.
 * Scenarios: connections, fanout, rate, pingpong, reconnect, soak, social, uploads. Exits 0 when the run was correct
 * (no message lost, duplicated or reordered; for soak also no error and no growth), 1 when it was
 * not, 2 on bad arguments.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out);
        Socket.LOOPS
                .shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                .await(5_000);
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            out.println(
                    "usage: parley-bench <connections|fanout|rate|pingpong|reconnect|soak|social|uploads> --url=http://127.0.0.1:8080 [--name=value ...]");
            return 2;
        }
        Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
        try (Run run = new Run(args[0], options, out)) {
            boolean correct = switch (args[0]) {
                case "connections" -> Connections.run(run);
                case "fanout" -> Fanout.run(run);
                case "rate" -> Rate.run(run);
                case "pingpong" -> PingPong.run(run);
                case "reconnect" -> Reconnect.run(run);
                case "soak" -> Soak.run(run);
                case "social" -> Social.run(run);
                case "uploads" -> Uploads.run(run);
                default -> {
                    out.println("unknown scenario '" + args[0]
                            + "'; one of: connections, fanout, rate, pingpong, reconnect, soak, social, uploads");
                    yield false;
                }
            };
            return correct ? 0 : 1;
        }
    }
}
