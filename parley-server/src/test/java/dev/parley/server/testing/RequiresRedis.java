package dev.parley.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class only when Redis answers at {@link TestRedis#URL}; otherwise skips it with a
 * message saying what to start. Under {@code PARLEY_REQUIRE_SERVICES=1} (CI) a missing Redis fails
 * the tests instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestRedis.Condition.class)
public @interface RequiresRedis {}
