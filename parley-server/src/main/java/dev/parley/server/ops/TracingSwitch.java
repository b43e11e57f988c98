package dev.parley.server.ops;

import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns tracing on only when there is somewhere to send it: {@code parley.tracing.otlp-endpoint}
 * ({@code PARLEY_TRACING_OTLP_ENDPOINT}), or the standard {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * / {@code OTEL_EXPORTER_OTLP_ENDPOINT}; then {@code PARLEY_TRACING_SAMPLING} (default 1.0) is the
 * fraction traced. Otherwise tracing is off: nothing sampled or recorded, no exporter, no connection
 * attempts. Explicit {@code management.*} settings still win (this adds defaults only).
 */
public final class TracingSwitch implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String ENDPOINT_KEY = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String EXPORT_KEY = "management.tracing.export.enabled";
    /** Off, nothing is sampled: spans are not recorded (an unexported span still costs its recording). */
    static final String SAMPLING_KEY = "management.tracing.sampling.probability";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String endpoint = endpoint(env);
        Map<String, Object> defaults = endpoint == null
                ? Map.of(EXPORT_KEY, "false", SAMPLING_KEY, "0.0")
                : Map.of(
                        ENDPOINT_KEY,
                        endpoint,
                        EXPORT_KEY,
                        "true",
                        SAMPLING_KEY,
                        env.getProperty("PARLEY_TRACING_SAMPLING", "1.0"));
        env.getPropertySources().addLast(new MapPropertySource("parley-tracing-defaults", defaults));
    }

    static String endpoint(ConfigurableEnvironment env) {
        String parley = env.getProperty("parley.tracing.otlp-endpoint");
        if (notBlank(parley)) {
            return parley;
        }
        String traces = env.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (notBlank(traces)) {
            return traces;
        }
        String base = env.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (notBlank(base)) {
            return base.replaceAll("/+$", "") + "/v1/traces";
        }
        return null;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
