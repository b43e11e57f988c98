package dev.parley.server.ratelimit;

import dev.parley.server.config.ParleyProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The buckets (in this process) and the limits on authentication. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean(destroyMethod = "close")
    LocalBucketStore bucketStore() {
        return new LocalBucketStore(Duration.ofMinutes(1));
    }

    @Bean
    AuthLimits authLimits(BucketStore buckets, ParleyProperties properties) {
        return new AuthLimits(buckets, properties.auth());
    }
}
