package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The people side under load. One reader with F friends who wrote P posts between them: the
 * reader's feed is read page after page (first pages and pages at random depths, one request at a
 * time), timed. Then L users like and unlike one public post as fast as the server answers for T
 * seconds (after W seconds of the same, not timed, while the JIT compilers finish); the post's
 * final count must equal the number of users whose last word was "like". Before the likes, the
 * same L users send the cheapest authenticated request (GET /me) the same way: the baseline, what
 * the server answers per second at all on this machine with the tool beside it.
 */
final class Social {

    static boolean run(Run run) throws Exception {
        int friends = run.options.integer("friends", 1000);
        int posts = run.options.integer("posts", 100_000);
        int feedRequests = run.options.integer("feed-requests", 2000);
        int likers = run.options.integer("likers", 100);
        Duration likeFor = run.options.seconds("like-duration", 10);
        Duration likeWarmup = run.options.seconds("like-warmup", 5);
        Api api = run.api;
        run.out.printf(
                "social: %,d friends, %,d posts, %,d feed requests; %d likers for %s; provisioning...%n",
                friends, posts, feedRequests, likers, likeFor);

        Api.User reader = api.users(run.name + "r", 1).get(0);
        List<Api.User> writers = api.users(run.name + "f", friends);
        Flux.fromIterable(writers)
                .flatMap(
                        f -> api.call("POST", "/api/v1/friends/requests", f.token(), Map.of("userId", reader.id()))
                                .then(api.call(
                                        "POST",
                                        "/api/v1/friends/requests/" + f.id() + "/accept",
                                        reader.token(),
                                        null)),
                        32)
                .blockLast();
        long postsStart = System.nanoTime();
        Flux.range(0, posts)
                .flatMap(
                        i -> api.call(
                                "POST",
                                "/api/v1/posts",
                                writers.get(i % friends).token(),
                                Map.of("text", "post " + i + " of the social benchmark", "visibility", "friends")),
                        64)
                .blockLast();
        double postSeconds = (System.nanoTime() - postsStart) / 1e9;

        // the feed, one request at a time; a warm-up of a tenth first, not timed
        JsonNode first =
                api.call("GET", "/api/v1/feed?limit=20", reader.token(), null).block();
        long newest = first.get("items").get(0).get("id").asLong();
        Latency feed = new Latency();
        int warmup = Math.max(1, feedRequests / 10);
        long pagesWithItems = 0;
        for (int i = 0; i < warmup + feedRequests; i++) {
            String path = i % 2 == 0
                    ? "/api/v1/feed?limit=20"
                    : "/api/v1/feed?limit=20&before="
                            + ThreadLocalRandom.current().nextLong(2, newest + 1);
            long start = System.nanoTime();
            JsonNode page = api.call("GET", path, reader.token(), null).block();
            if (i >= warmup) {
                feed.recordNanos(System.nanoTime() - start);
                pagesWithItems += page.get("items").isEmpty() ? 0 : 1;
            }
        }

        // likes and unlikes of one post, each liker in a closed loop
        long post = api.call("POST", "/api/v1/posts", reader.token(), Map.of("text", "like me", "visibility", "public"))
                .block()
                .get("id")
                .asLong();
        List<Api.User> fans = api.users(run.name + "l", likers);
        // first the same loop with the cheapest authenticated request (GET /me): what this machine
        // answers at all with the tool beside the server, against which the likes' rate is read
        Loop baseline = Loop.run(
                fans.size(),
                likeWarmup,
                likeFor,
                (fan, round) -> api.call("GET", "/api/v1/me", fans.get(fan).token(), null)
                        .block());
        boolean[] likes = new boolean[likers];
        Loop liking = Loop.run(fans.size(), likeWarmup, likeFor, (fan, round) -> {
            boolean like = round % 2 == 0; // like, unlike, like, ...
            JsonNode answer = api.call(
                            like ? "PUT" : "DELETE",
                            "/api/v1/posts/" + post + "/like",
                            fans.get(fan).token(),
                            null)
                    .block();
            likes[fan] = answer.get("likedByMe").asBoolean();
        });
        long expected = 0;
        for (boolean liked : likes) {
            expected += liked ? 1 : 0;
        }
        long finalCount = api.call("GET", "/api/v1/posts/" + post, reader.token(), null)
                .block()
                .get("likeCount")
                .asLong();

        run.results.put("friends", friends);
        run.results.put("posts", posts);
        run.results.put("postsPerSecond", Math.round(posts / postSeconds));
        run.results.put("feedRequests", feed.count());
        run.results.put("feedPagesWithPosts", pagesWithItems);
        run.results.put("feedLatencyMs", feed.summary());
        run.results.put("baselineOpsPerSecond", baseline.perSecond());
        run.results.put("baselineLatencyMs", baseline.latency.summary());
        run.results.put("likeOps", liking.ops);
        run.results.put("likeOpsPerSecond", liking.perSecond());
        run.results.put("likeLatencyMs", liking.latency.summary());
        run.results.put("finalLikeCount", finalCount);
        run.results.put("likersWhoseLastWordWasLike", expected);
        Map<String, Long> correctness = run.correctness(0); // no message ledgers here: the usual zeros
        correctness.put("likeCountOff", Math.abs(finalCount - expected));
        correctness.put("failedRequests", baseline.errors + liking.errors);
        return run.report("social", correctness);
    }

    /** One request of a closed loop: user {@code fan}'s {@code round}-th. */
    private interface Step {
        void run(int fan, int round);
    }

    /**
     * N users in a closed loop (each request sent when the last was answered): W untimed, then T
     * timed; every request that failed is counted.
     */
    private record Loop(long ops, double seconds, Latency latency, long errors) {

        static Loop run(int users, Duration warmup, Duration timed, Step step) throws Exception {
            Latency latency = new Latency();
            AtomicLong ops = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long counted = System.nanoTime() + warmup.toNanos();
            long deadline = counted + timed.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(users);
            try {
                List<Future<?>> loops = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    int user = u;
                    loops.add(pool.submit(() -> {
                        for (int round = 0; System.nanoTime() < deadline; round++) {
                            long start = System.nanoTime();
                            try {
                                step.run(user, round);
                                if (start >= counted) {
                                    latency.recordNanos(System.nanoTime() - start);
                                    ops.incrementAndGet();
                                }
                            } catch (RuntimeException e) {
                                errors.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> loop : loops) {
                    loop.get();
                }
            } finally {
                pool.shutdown();
            }
            return new Loop(ops.get(), (System.nanoTime() - counted) / 1e9, latency, errors.get());
        }

        long perSecond() {
            return Math.round(ops / seconds);
        }
    }

    private Social() {}
}
