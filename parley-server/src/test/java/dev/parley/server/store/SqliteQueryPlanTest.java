package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot reads are index lookups at any depth: SQLite's own query plan must show an index search,
 * never a scan of a chat's messages.
 */
class SqliteQueryPlanTest {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("plan.db"), 1, 16, false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The plan of a statement with every parameter bound to 1. */
    private List<String> plan(String sql, int parameters) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                for (int i = 1; i <= parameters; i++) {
                    ps.setLong(i, 1);
                }
                try (var rs = ps.executeQuery()) {
                    List<String> steps = new java.util.ArrayList<>();
                    while (rs.next()) {
                        steps.add(rs.getString("detail"));
                    }
                    return steps;
                }
            }
        });
    }

    @Test
    void aHistoryPageIsAnIndexRangeReadAtAnyDepth() {
        for (boolean newestFirst : new boolean[] {true, false}) {
            List<String> plan = plan(JdbcMessageStore.historySql(newestFirst), 4);

            assertThat(plan)
                    .anySatisfy(step -> assertThat(step)
                            .startsWith("SEARCH m USING INDEX")
                            .contains("chat_id=? AND seq>? AND seq<?"));
            assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN m"));
            assertThat(plan).noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
        }
    }

    @Test
    void theChatListStartsFromTheUsersMembershipsAndIndexesEveryPerChatLookup() {
        List<String> plan = plan(JdbcChatStore.LIST_SQL, 1);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("USING").contains("(user_id=?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).matches("SCAN (m|c|lm|x|y|pm|la|pu)( .*)?"));
    }

    @Test
    void anIdempotencyLookupUsesTheUniqueIndex() {
        assertThat(plan(JdbcMessageStore.BY_CLIENT_MSG_ID, 2))
                .anySatisfy(step ->
                        assertThat(step).startsWith("SEARCH m USING").contains("(author_id=? AND client_msg_id=?)"));
    }
}
