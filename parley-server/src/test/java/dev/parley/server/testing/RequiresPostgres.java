package dev.parley.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class only when PostgreSQL answers at {@link TestPostgres#URL}; otherwise skips it
 * with a message saying what to start. Under {@code PARLEY_REQUIRE_SERVICES=1} (CI) a missing
 * PostgreSQL fails the tests instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestPostgres.Condition.class)
public @interface RequiresPostgres {}
