package dev.parley.server.web;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Requests that carry a file ({@link FileBody}) start on threads of their own ({@code
 * parley-files}, one for every two cores), not on the event loops that carry every socket's
 * frames: what runs synchronously when such a request arrives (the security filters, the
 * observation, the controller up to its first hand-over to another pool) runs there, so a hundred
 * uploads starting at once queue for those threads while the loops go on moving messages. In the
 * uploads scenario of the load tool, the p99 delivery time of messages in the first half second of
 * such a burst went from about 255 ms with this on the event loops to 53–97 ms on one thread per
 * core, and to 28–32 ms on one for two cores (docs/benchmarks.md, "Files"). The loops still parse
 * each request's head and read its bytes, and what follows a hand-over runs where it was handed
 * to. The time a request waits for these threads is not in {@code http.server.requests}, which
 * starts inside.
 *
 * <p>Every other request stays on the event loop: the extra hand-over cost REST calls a fifth to a
 * third of their rate on 2 cores when it was tried for all of them.
 */
@Component
final class FileRequestThreads implements HttpHandlerDecoratorFactory, DisposableBean {

    private final Scheduler threads = Schedulers.newParallel(
            "parley-files", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> FileBody.of(request.getPath().value()).isPresent()
                ? Mono.defer(() -> handler.handle(request, response)).subscribeOn(threads)
                : handler.handle(request, response);
    }

    @Override
    public void destroy() {
        threads.dispose();
    }
}
