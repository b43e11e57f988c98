package dev.parley.server.ops;

import dev.parley.core.error.ParleyException;
import dev.parley.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Hooks;

/**
 * Errors Reactor drops because nobody listens any more (the client went away or timed out before
 * a store call failed): Reactor's default logs each at ERROR with a stack trace, which during a
 * database outage buries the one line that matters. A failed store call or a refused request is
 * logged at DEBUG; anything else at WARN on one line.
 */
@Component
final class ReactorHooks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactorHooks.class);

    ReactorHooks() {
        Hooks.onErrorDropped(ReactorHooks::dropped);
    }

    static void dropped(Throwable error) {
        if (error instanceof StoreException || error instanceof ParleyException) {
            log.debug("Dropped after its caller went away: {}", error.toString());
        } else {
            log.warn("Dropped after its caller went away: {}", error.toString());
        }
    }

    @Override
    public void destroy() {
        Hooks.resetOnErrorDropped();
    }
}
