package dev.parley.server.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SocialApiTest} again, on a server whose store is PostgreSQL. */
@RequiresPostgres
class PostgresSocialApiIT extends SocialApiTest {

    private static final String SCHEMA = "it_social_api";

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        TestPostgres.serveFrom(registry, SCHEMA);
    }

    @AfterAll
    static void theUsersOfTheseTestsAreInPostgres() throws Exception {
        assertThat(TestPostgres.rows(SCHEMA, "users")).isPositive();
    }
}
