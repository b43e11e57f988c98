package dev.parley.server.config;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * Stops start-up when a {@code parley.*} key is not one Parley knows (a typo would otherwise be
 * ignored silently, and a node would run with a default nobody chose). Keys from the command line,
 * system properties and configuration files are checked; environment variables are not, since the
 * environment is shared with other programs ({@code PARLEY_TEST_*} and the like).
 */
@Component
final class UnknownKeys {

    UnknownKeys(ConfigurableEnvironment environment) {
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));
        binder.bind(
                "parley",
                Bindable.of(ParleyProperties.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT, UnknownKeys::checked));
    }

    private static boolean checked(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return !(underlying instanceof org.springframework.core.env.PropertySource<?> p
                && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(p.getName()));
    }
}
