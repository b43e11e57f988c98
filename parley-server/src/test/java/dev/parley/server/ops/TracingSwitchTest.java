package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TracingSwitchTest {

    private static StandardEnvironment switched(Map<String, Object> settings) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new TracingSwitch()
                .onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                        new DefaultBootstrapContext(), new SpringApplication(), new String[0], env));
        return env;
    }

    @Test
    void withoutAnEndpointTracingIsOff() {
        StandardEnvironment env = switched(Map.of());

        assertThat(env.getProperty(TracingSwitch.EXPORT_KEY)).isEqualTo("false");
        assertThat(env.getProperty(TracingSwitch.SAMPLING_KEY)).isEqualTo("0.0");
        assertThat(env.getProperty(TracingSwitch.ENDPOINT_KEY)).isNull();
    }

    @Test
    void theStandardOtelVariableTurnsItOnWithTheTracesPath() {
        StandardEnvironment env = switched(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318/"));

        assertThat(env.getProperty(TracingSwitch.EXPORT_KEY)).isEqualTo("true");
        assertThat(env.getProperty(TracingSwitch.SAMPLING_KEY)).isEqualTo("1.0");
        assertThat(env.getProperty(TracingSwitch.ENDPOINT_KEY)).isEqualTo("http://jaeger:4318/v1/traces");
    }

    @Test
    void parleysKeyWinsAndExplicitSettingsStillWin() {
        StandardEnvironment env = switched(Map.of(
                "parley.tracing.otlp-endpoint",
                "http://collector:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://other:4318",
                TracingSwitch.EXPORT_KEY,
                "false"));

        assertThat(env.getProperty(TracingSwitch.ENDPOINT_KEY)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(env.getProperty(TracingSwitch.EXPORT_KEY)).isEqualTo("false");
    }
}
