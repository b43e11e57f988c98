package dev.parley.server.realtime;

import dev.parley.core.delivery.Bus;
import dev.parley.core.delivery.InProcessBus;
import dev.parley.core.presence.InMemoryPresenceTracker;
import dev.parley.core.presence.PresenceTracker;
import dev.parley.server.realtime.protocol.CommandParser;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The single-node bus and presence tracker behind the WebSocket endpoint, and the thread answering queued writes. */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

    @Bean(destroyMethod = "close")
    Bus bus() {
        return new InProcessBus();
    }

    @Bean
    PresenceTracker presenceTracker() {
        return new InMemoryPresenceTracker();
    }

    /**
     * Where the store's writers answer queued writes: one thread, so answers (and the fan-out they
     * start) keep commit order and overlap the next commit; the sockets a batch of answers wrote to
     * are drained once, at its end.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService writeAnswers() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, "parley-write-answers");
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            public void execute(Runnable command) {
                super.execute(() -> Flushes.run(command));
            }
        };
    }

    @Bean
    CommandParser commandParser(JsonMapper json) {
        return new CommandParser(json);
    }
}
