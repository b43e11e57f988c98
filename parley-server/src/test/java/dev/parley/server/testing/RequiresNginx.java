package dev.parley.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class only when nginx is installed (see {@link Nginx}); skips with a message
 * otherwise, and fails under {@code PARLEY_REQUIRE_SERVICES=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Nginx.Condition.class)
public @interface RequiresNginx {}
