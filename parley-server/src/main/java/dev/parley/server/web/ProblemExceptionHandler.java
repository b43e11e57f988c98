package dev.parley.server.web;

import dev.parley.server.store.StoreCircuit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * The one place every unhandled failure becomes a problem+json response. Unexpected ones are logged;
 * so are 5xx answers, except those for an unreachable database (the {@link StoreCircuit} logs the
 * outage once, and counts the refusals). A failure to send an answer to a client that is gone (or
 * that the HTTP server already answered itself) is not an error of the server's.
 */
@Component
@Order(-2)
final class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final Problems problems;
    private final ProblemWriter writer;

    ProblemExceptionHandler(Problems problems, ProblemWriter writer) {
        this.problems = problems;
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof AbortedException || ProblemWriter.answeredByServer(exchange)) {
            // the client went away, or the HTTP server already refused what it sent: no one to tell
            log.debug(
                    "No answer for {} {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.toString());
            return Mono.empty();
        }
        Problem problem = problems.from(error);
        if (problem == null) {
            log.error(
                    "Unexpected failure on {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
            problem = Problems.internalError();
        } else if (problem.status() >= 500 && !StoreCircuit.isConnectionFailure(error)) {
            // an unreachable database is logged once by the StoreCircuit, not per request
            log.warn(
                    "{} on {} {}: {}",
                    problem.code(),
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.toString());
        }
        return writer.write(exchange, problem);
    }
}
