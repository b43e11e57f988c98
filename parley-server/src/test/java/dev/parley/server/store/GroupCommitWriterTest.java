package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class GroupCommitWriterTest {

    @TempDir
    Path dir;

    private final AtomicInteger commits = new AtomicInteger();
    private final List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private GroupCommitWriter writer;
    private Connection reader;
    private final ExecutorService callers = Executors.newFixedThreadPool(64);

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        try (Connection setup = DriverManager.getConnection(url);
                Statement s = setup.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)");
        }
        writer = new GroupCommitWriter(
                "test-writer",
                () -> countingCommits(DriverManager.getConnection(url)),
                256,
                1000,
                new SqliteDialect()::isUniqueViolation,
                new StoreMetrics() {
                    @Override
                    public void committed(int writes, long nanos) {
                        batches.add(writes);
                    }

                    @Override
                    public com.zaxxer.hikari.metrics.MetricsTrackerFactory pools() {
                        return null;
                    }
                },
                KeyedExecutor.DIRECT);
        reader = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        callers.shutdownNow();
        writer.close();
        reader.close();
    }

    @Test
    void queuedWritesShareOneCommit() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> blocker = callers.submit(() -> writer.submit(c -> {
            writerBusy.countDown();
            await(release);
            return insert(c, 0);
        }));
        writerBusy.await(10, TimeUnit.SECONDS);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            int value = i;
            queued.add(callers.submit(() -> writer.submit(c -> insert(c, value))));
        }
        while (queuedCount() < 50) {
            Thread.sleep(5);
        }
        assertThat(writer.busy()).as("the writer reports itself busy").isEqualTo(1);

        release.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        for (Future<Integer> f : queued) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(rows()).isEqualTo(51);
        assertThat(commits.get()).isLessThanOrEqualTo(2);
        assertThat(batches).as("batch sizes reported to metrics").contains(50).hasSize(commits.get());
        assertThat(writer.busy()).isZero();
    }

    @Test
    void aFailingWriteRollsBackAloneAndTheRestOfItsBatchCommits() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = callers.submit(() -> writer.submit(c -> {
            writerBusy.countDown();
            await(release);
            return insert(c, 1);
        }));
        writerBusy.await(10, TimeUnit.SECONDS);
        Future<Integer> failing = callers.submit(() -> writer.submit(c -> {
            insert(c, 2);
            throw new IllegalStateException("this write fails after inserting");
        }));
        Future<Integer> duplicate = callers.submit(() -> writer.submit(c -> insert(c, 1)));
        Future<Integer> last = callers.submit(() -> writer.submit(c -> insert(c, 3)));
        while (queuedCount() < 3) {
            Thread.sleep(5);
        }
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        last.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(values()).containsExactly(1, 3);
    }

    @Test
    void aFullQueueTellsANonBlockingCallerWhenThereIsRoomAgain() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        try (GroupCommitWriter small = new GroupCommitWriter(
                "small-writer",
                () -> DriverManager.getConnection(url),
                1,
                2,
                new SqliteDialect()::isUniqueViolation,
                StoreMetrics.NONE,
                KeyedExecutor.DIRECT)) {
            CountDownLatch writerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            var blocker = small.enqueue(1, c -> {
                writerBusy.countDown();
                await(release);
                return insert(c, 100);
            });
            writerBusy.await(10, TimeUnit.SECONDS);
            var queued = List.of(small.enqueue(1, c -> insert(c, 101)), small.enqueue(1, c -> insert(c, 102)));

            StoreBusy busy = Mono.fromCallable(() -> small.enqueue(1, c -> insert(c, 103)))
                    .subscribeOn(Schedulers.parallel())
                    .map(f -> (StoreBusy) null)
                    .onErrorResume(StoreBusy.class, Mono::just)
                    .block(Duration.ofSeconds(10));

            assertThat(busy).as("refused while the queue is full").isNotNull();
            assertThat(busy.room()).isNotDone();
            release.countDown();
            busy.room().get(10, TimeUnit.SECONDS);
            var later = Mono.fromCallable(() -> small.enqueue(1, c -> insert(c, 103)))
                    .subscribeOn(Schedulers.parallel())
                    .block(Duration.ofSeconds(10));
            later.get(10, TimeUnit.SECONDS);
            blocker.get(10, TimeUnit.SECONDS);
            for (var f : queued) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(values()).containsExactly(100, 101, 102, 103);
    }

    @Test
    void refusesToBlockANonBlockingThread() {
        Mono<Integer> onEventLoop =
                Mono.fromCallable(() -> writer.submit(c -> insert(c, 9))).subscribeOn(Schedulers.parallel());

        assertThatThrownBy(onEventLoop::block).hasMessageContaining("non-blocking thread");
    }

    @Test
    void aFailedConnectFailsTheWholeBatchOnceAndTheWriterBacksOff() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch connecting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommitWriter down = new GroupCommitWriter(
                        "down-writer",
                        () -> {
                            if (attempts.incrementAndGet() == 1) {
                                connecting.countDown();
                                await(release);
                            }
                            throw new SQLException("Connection refused", "08001");
                        },
                        256,
                        1000,
                        new SqliteDialect()::isUniqueViolation,
                        StoreMetrics.NONE,
                        KeyedExecutor.DIRECT)
                .backoff(Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            List<java.util.concurrent.CompletableFuture<Integer>> writes = new ArrayList<>();
            writes.add(down.enqueue(1, c -> insert(c, 1)));
            assertThat(connecting.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 2; i <= 50; i++) {
                int value = i;
                writes.add(down.enqueue(1, c -> insert(c, value)));
            }
            release.countDown();
            for (var write : writes) {
                assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreException.class)
                        .hasMessageContaining("cannot connect");
            }
            assertThat(attempts)
                    .as("connects for 50 writes, one batch then a backoff")
                    .hasValue(1);

            var duringBackoff = down.enqueue(1, c -> insert(c, 51));
            assertThatThrownBy(() -> duringBackoff.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
            assertThat(attempts).as("no connect while backing off").hasValue(1);
        }
    }

    @Test
    void theBackoffIsBoundedAndTheWriterConnectsOnceTheDatabaseIsBack() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        AtomicInteger attempts = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        Duration max = Duration.ofMillis(400);
        try (GroupCommitWriter flaky = new GroupCommitWriter(
                        "flaky-writer",
                        () -> {
                            attempts.incrementAndGet();
                            if (!up.get()) {
                                throw new SQLException("Connection refused", "08001");
                            }
                            return DriverManager.getConnection(url);
                        },
                        256,
                        1000,
                        new SqliteDialect()::isUniqueViolation,
                        StoreMetrics.NONE,
                        KeyedExecutor.DIRECT)
                .backoff(Duration.ofMillis(50), max)) {
            for (int i = 1; i <= 8; i++) {
                int value = i;
                var write = flaky.enqueue(1, c -> insert(c, value));
                assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
                assertThat(attempts)
                        .as("a connect after each pause of at most " + max)
                        .hasValue(i);
                Thread.sleep(max.plusMillis(150).toMillis());
            }
            up.set(true);
            assertThat(flaky.enqueue(1, c -> insert(c, 200)).get(10, TimeUnit.SECONDS))
                    .isEqualTo(1);
        }
        assertThat(values()).containsExactly(200);
    }

    @Test
    void aWriteQueuedWhileTheWriterClosesFailsInsteadOfHanging() throws Exception {
        // Holds the caller inside enqueue, after its check for a closed writer, while the writer closes.
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String key = "test.late-write-gate";
        io.micrometer.context.ContextRegistry.getInstance()
                .registerThreadLocalAccessor(new io.micrometer.context.ThreadLocalAccessor<Object>() {
                    @Override
                    public Object key() {
                        return key;
                    }

                    @Override
                    public Object getValue() {
                        if (Thread.currentThread().getName().equals("late-caller") && inside.getCount() > 0) {
                            inside.countDown();
                            await(release);
                        }
                        return null;
                    }

                    @Override
                    public void setValue(Object value) {}

                    @Override
                    public void setValue() {}
                });
        ExecutorService late = Executors.newSingleThreadExecutor(r -> new Thread(r, "late-caller"));
        try {
            Future<java.util.concurrent.CompletableFuture<Integer>> queued =
                    late.submit(() -> writer.enqueue(1, c -> insert(c, 7)));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            writer.close();
            release.countDown();
            var write = queued.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> write.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("closed");
        } finally {
            io.micrometer.context.ContextRegistry.getInstance().removeThreadLocalAccessor(key);
            late.shutdownNow();
        }
        assertThat(values()).isEmpty();
    }

    private int queuedCount() throws Exception {
        var field = GroupCommitWriter.class.getDeclaredField("queue");
        field.setAccessible(true);
        return ((java.util.Collection<?>) field.get(writer)).size();
    }

    private static int insert(Connection c, int value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            ps.setInt(1, value);
            return ps.executeUpdate();
        }
    }

    private int rows() throws SQLException {
        return values().size();
    }

    private List<Integer> values() throws SQLException {
        List<Integer> values = new ArrayList<>();
        try (Statement s = reader.createStatement();
                var rs = s.executeQuery("SELECT v FROM t ORDER BY v")) {
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
        }
        return values;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer's connection, counting its commits. */
    private Connection countingCommits(Connection target) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
                    if (m.getName().equals("commit")) {
                        commits.incrementAndGet();
                    }
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
