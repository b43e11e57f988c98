package dev.parley.server.testing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed and the case count of the fuzz tests: {@code -Dparley.fuzz.seed=N} replays a run (the
 * seed is random otherwise, and printed), {@code -Dparley.fuzz.cases=N} sets how many cases each
 * fuzz test runs (default 10,000; soak runs use 100,000 or more). Both are {@link TestProperties}.
 */
public final class FuzzSettings {

    public static final String SEED = "parley.fuzz.seed";
    public static final String CASES = "parley.fuzz.cases";
    private static final long RANDOM_SEED = ThreadLocalRandom.current().nextLong();

    private FuzzSettings() {}

    /** The seed of this run. */
    public static long seed() {
        String seed = TestProperties.get(SEED, null);
        return seed == null ? RANDOM_SEED : Long.parseLong(seed);
    }

    /** How many cases each fuzz test runs. */
    public static int cases() {
        return Integer.parseInt(TestProperties.get(CASES, "10000").replace("_", ""));
    }

    /** How to replay this run: what every fuzz failure says first. */
    public static String replay() {
        return "fuzz seed " + seed() + " (replay with -D" + SEED + "=" + seed() + " -D" + CASES + "=" + cases() + ")";
    }
}
