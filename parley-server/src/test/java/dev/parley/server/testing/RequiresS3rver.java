package dev.parley.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class only when s3rver (an S3-compatible server, npm) is installed (see {@link S3rver}); skips with a message
 * otherwise, and fails under {@code PARLEY_REQUIRE_SERVICES=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(S3rver.Condition.class)
public @interface RequiresS3rver {}
