package dev.parley.server.ops;

import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns tracing on only when there is somewhere to send it: {@code parley.tracing.otlp-endpoint}
 * ({@code PARLEY_TRACING_OTLP_ENDPOINT}), or the standard {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * / {@code OTEL_EXPORTER_OTLP_ENDPOINT}. Otherwise tracing is off: no spans, no exporter, no
 * connection attempts. Explicit {@code management.*} settings still win (this adds defaults only).
 */
public final class TracingSwitch implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String ENDPOINT_KEY = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String endpoint = endpoint(env);
        Map<String, Object> defaults = endpoint == null
                ? Map.of("management.tracing.enabled", "false")
                : Map.of(ENDPOINT_KEY, endpoint, "management.tracing.enabled", "true");
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
