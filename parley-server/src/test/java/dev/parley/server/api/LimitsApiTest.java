package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.PasswordHasher;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The rate limits, on a server of their own with small ones: logins per account (growing waits)
 * and per address, registrations and refreshes per address, REST writes per user, and password
 * hashing on its own bounded pool. Client addresses are set with X-Forwarded-For (the server is
 * told to trust it, as behind a proxy).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.forward-headers-strategy=framework",
            "parley.auth.login-failures-per-account=3/2s,5/1m",
            "parley.auth.login-attempts-per-address=6/1m",
            "parley.auth.registrations-per-address=3/1h",
            "parley.auth.refreshes-per-address=3/1h",
            "parley.auth.hash-threads=1",
            "parley.auth.hash-queue=1",
            "parley.limits.writes-per-second=2",
            "parley.limits.write-burst=3"
        })
class LimitsApiTest extends ApiClient {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** Hashes as bcrypt at cost 4; while {@link #gate} is set, waits for it first, and says on which thread. */
    @TestConfiguration
    static class GatedHasher {
        static final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        static final List<String> threads = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        PasswordHasher gatedHasher() {
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
            return new PasswordHasher() {
                @Override
                public String hash(String password) {
                    return bcrypt.encode(password);
                }

                @Override
                public boolean matches(String password, String hash) {
                    threads.add(Thread.currentThread().getName());
                    CountDownLatch latch = gate.get();
                    if (latch != null) {
                        try {
                            latch.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return bcrypt.matches(password, hash);
                }
            };
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("parley-limits").toString();
        registry.add("parley.data-dir", () -> dir);
    }

    @LocalServerPort
    int port;

    private WebTestClient http;

    @BeforeEach
    void bindClient() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
    }

    @Override
    protected WebTestClient client() {
        return http;
    }

    @Test
    void wrongPasswordsAreThrottledWithGrowingWaitsAndTheRightOneWaitsToo() throws Exception {
        // limits: 3 per 2 s and 5 per minute, per account
        TestUser ann = registerFrom(newAddress(), "ann");
        List<Integer> statuses = new ArrayList<>();
        long firstWait = 0;
        for (int i = 0; i < 50; i++) {
            // from a new address each time, as a distributed guesser would: the account limit holds
            EntityExchangeResult<Map<String, Object>> answer = login(newAddress(), ann.username(), "wrong-" + i);
            statuses.add(answer.getStatus().value());
            if (answer.getStatus().value() == 429) {
                assertThat(answer.getResponseBody()).containsEntry("code", "rate_limited");
                firstWait = firstWait == 0 ? retryAfter(answer) : firstWait;
            }
        }
        assertThat(statuses.subList(0, 3)).containsOnly(401);
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count())
                .as("guesses that reached the password check within a minute")
                .isLessThanOrEqualTo(5);
        assertThat(firstWait).isBetween(1L, 2L);

        EntityExchangeResult<Map<String, Object>> right = login(newAddress(), ann.username(), password(ann));
        assertThat(right.getStatus().value())
                .as("the right password right after the guesses")
                .isEqualTo(429);

        long wait = retryAfter(right);
        for (int i = 0; i < 6 && wait <= 2; i++) { // keep guessing at the allowed pace
            Thread.sleep(wait * 1000 + 100);
            EntityExchangeResult<Map<String, Object>> guess = login(newAddress(), ann.username(), "wrong-again");
            wait = guess.getStatus().value() == 429 ? retryAfter(guess) : 0;
        }
        assertThat(wait).as("past the per-minute limit the wait grows").isGreaterThan(5);

        Thread.sleep(wait * 1000 + 300);
        assertThat(login(newAddress(), ann.username(), password(ann))
                        .getStatus()
                        .value())
                .as("the right password once the wait is over")
                .isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyAccountsIsThrottled() {
        String address = newAddress();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(login(address, uniqueName("nobody"), "whatever1")
                    .getStatus()
                    .value());
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401, 429, 429);
        assertThat(login(newAddress(), uniqueName("nobody"), "whatever1")
                        .getStatus()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void registrationsAndRefreshesAreLimitedPerAddress() {
        String address = newAddress();
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(registerFrom(address, "reg"));
        }
        EntityExchangeResult<Map<String, Object>> fourth = post(
                address, "/api/v1/auth/register", Map.of("username", uniqueName("reg"), "password", "long-enough"));
        assertThat(fourth.getStatus().value()).isEqualTo(429);
        assertThat(fourth.getResponseBody()).containsEntry("code", "rate_limited");
        assertThat(retryAfter(fourth)).isGreaterThan(60);
        registerFrom(newAddress(), "reg");

        String refresher = newAddress();
        for (TestUser user : users) {
            assertThat(post(refresher, "/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()))
                            .getStatus()
                            .value())
                    .isEqualTo(200);
        }
        assertThat(post(refresher, "/api/v1/auth/refresh", Map.of("refreshToken", "any"))
                        .getStatus()
                        .value())
                .isEqualTo(429);
    }

    @Test
    void restWritesAreLimitedPerUserAndReadsAreNot() throws Exception {
        TestUser writer = registerFrom(newAddress(), "w");
        TestUser other = registerFrom(newAddress(), "w");
        long chat = createGroup(writer, "Limited", "public", List.of());
        String messages = "/api/v1/chats/" + chat + "/messages";
        // createGroup took one write of the burst of three
        send(writer, chat, "one");
        send(writer, chat, "two");
        Map<String, Object> refused = problem(
                writer,
                HttpMethod.POST,
                messages,
                Map.of("text", "three", "clientMsgId", uniqueName("m")),
                429,
                "rate_limited");
        assertThat((String) refused.get("detail")).contains("too many writes");
        for (int i = 0; i < 5; i++) {
            get(writer, messages);
        }
        post(other, "/api/v1/chats/" + chat + "/join", null, 200);

        Thread.sleep(1200);
        send(writer, chat, "after the wait");
        assertThat(items(get(writer, messages)))
                .extracting(m -> m.get("text"))
                .containsExactly("after the wait", "two", "one");
    }

    @Test
    void passwordsAreHashedOnTheirOwnBoundedPool() throws Exception {
        TestUser bob = registerFrom(newAddress(), "bob");
        CountDownLatch gate = new CountDownLatch(1);
        GatedHasher.threads.clear();
        GatedHasher.gate.set(gate);
        // a thread per login: on 2 cores the common pool has one thread, and the second and third
        // logins would wait there behind the first instead of reaching the server
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> login(newAddress(), bob.username(), password(bob))
                            .getStatus()
                            .value(),
                    clients);
            awaitHashing(1);
            // two more: one waits in the pool's queue of one, the other is refused at once (which is
            // which depends on who arrives first, so the test does not guess)
            CompletableFuture<EntityExchangeResult<Map<String, Object>>> second =
                    CompletableFuture.supplyAsync(() -> login(newAddress(), bob.username(), password(bob)), clients);
            CompletableFuture<EntityExchangeResult<Map<String, Object>>> third =
                    CompletableFuture.supplyAsync(() -> login(newAddress(), bob.username(), password(bob)), clients);
            @SuppressWarnings("unchecked")
            EntityExchangeResult<Map<String, Object>> refused = (EntityExchangeResult<Map<String, Object>>)
                    CompletableFuture.anyOf(second, third).get(30, TimeUnit.SECONDS);
            assertThat(refused.getStatus().value())
                    .as("the hashing pool is full")
                    .isEqualTo(429);
            assertThat(retryAfter(refused)).isEqualTo(1);

            get(bob, "/api/v1/me"); // store work goes on meanwhile
            gate.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(List.of(
                            second.get(30, TimeUnit.SECONDS).getStatus().value(),
                            third.get(30, TimeUnit.SECONDS).getStatus().value()))
                    .containsExactlyInAnyOrder(200, 429);
        } finally {
            GatedHasher.gate.set(null);
            gate.countDown();
            clients.shutdown();
        }
        assertThat(GatedHasher.threads).isNotEmpty().allMatch(name -> name.startsWith("parley-hash"));
    }

    private static void awaitHashing(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (GatedHasher.threads.size() < calls && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(GatedHasher.threads).hasSizeGreaterThanOrEqualTo(calls);
    }

    private TestUser registerFrom(String address, String prefix) {
        String name = uniqueName(prefix);
        EntityExchangeResult<Map<String, Object>> answer =
                post(address, "/api/v1/auth/register", Map.of("username", name, "password", "password-" + name));
        assertThat(answer.getStatus().value())
                .as(String.valueOf(answer.getResponseBody()))
                .isEqualTo(201);
        return user(answer.getResponseBody());
    }

    private static String password(TestUser user) {
        return "password-" + user.username();
    }

    private EntityExchangeResult<Map<String, Object>> login(String address, String username, String password) {
        return post(address, "/api/v1/auth/login", Map.of("username", username, "password", password));
    }

    private EntityExchangeResult<Map<String, Object>> post(String address, String path, Object body) {
        return http.post()
                .uri(path)
                .header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult();
    }

    private static long retryAfter(EntityExchangeResult<?> answer) {
        String header = answer.getResponseHeaders().getFirst("Retry-After");
        assertThat(header).as("Retry-After").isNotNull();
        return Long.parseLong(header);
    }

    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10.9." + (n / 250) + "." + (n % 250 + 1);
    }
}
