package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyApplication;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** An invalid setting stops start-up with a message that names its key. */
class ConfigurationValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ParleyProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "parley.realtime.max-held-events, 0",
        "parley.realtime.max-held-events, -5",
        "parley.realtime.outbound-queue, 0B",
        "parley.realtime.outbound-queue, -1MB",
        "parley.db.pool-size, 0",
        "parley.db.sqlite-readers, 0",
        "parley.realtime.gap-timeout, 0s",
        "parley.realtime.gap-timeout, -1s",
        "parley.store-threads, 0",
        "parley.db.write-batch, 0",
        "parley.realtime.max-pending-sends, 0",
        "parley.auth.bcrypt-cost, 3",
        "parley.db.connect-timeout, 0s",
        "parley.db.probe-interval, -1s",
        "parley.auth.refresh-reuse-grace, -1s",
        "parley.auth.login-failures-per-account, 5 per minute",
        "parley.auth.login-attempts-per-address, 0/1m",
        "parley.auth.registrations-per-address, 10/0s",
        "parley.auth.hash-queue, 0",
        "parley.limits.writes-per-second, 0",
        "parley.limits.write-burst, 0",
        "parley.limits.friends, 0",
        "parley.limits.friend-requests, 0"
    })
    void anInvalidValueStopsStartUpNamingTheKey(String key, String value) {
        runner.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(key);
        });
    }

    @Test
    void uploadsTogetherAreReadAtMost8MBASecondUnlessSetOtherwise() {
        // the cap that kept others' delivery time on 2 cores (docs/benchmarks.md "Files")
        runner.run(context -> assertThat(
                        context.getBean(ParleyProperties.class).limits().uploadBandwidth())
                .isEqualTo(DataSize.ofMegabytes(8)));
        runner.withPropertyValues("parley.limits.upload-bandwidth=0")
                .run(context -> assertThat(context.getBean(ParleyProperties.class)
                                .limits()
                                .uploadBandwidth()
                                .toBytes())
                        .isZero());
    }

    @Test
    void theDefaultsAreValid() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theServerItselfRefusesToStartOnAnInvalidValue() throws Exception {
        String dataDir = Files.createTempDirectory("parley-config").toString();
        assertThatThrownBy(() -> new SpringApplicationBuilder(ParleyApplication.class)
                        .web(WebApplicationType.NONE)
                        .run("--parley.data-dir=" + dataDir, "--parley.realtime.max-held-events=0"))
                .satisfies(e -> assertThat(messages(e)).contains("parley.realtime.max-held-events"));
    }

    /** Every message down the cause chain, as start-up prints them. */
    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
