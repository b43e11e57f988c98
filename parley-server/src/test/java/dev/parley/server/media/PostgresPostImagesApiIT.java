package dev.parley.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RequiresPostgres;
import dev.parley.server.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PostImagesApiTest} again, on a server whose store is PostgreSQL. */
@RequiresPostgres
class PostgresPostImagesApiIT extends PostImagesApiTest {

    private static final String SCHEMA = "it_post_images_api";

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        TestPostgres.serveFrom(registry, SCHEMA);
    }

    @AfterAll
    static void theUsersOfTheseTestsAreInPostgres() throws Exception {
        assertThat(TestPostgres.rows(SCHEMA, "users")).isPositive();
    }
}
