package dev.parley.server.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/** WebSocket traffic: frames in and out, outbound queue overflows, and server closes by code and reason. */
@Component
final class RealtimeMetrics implements ConnectionListener {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter overflows;

    RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = frames("in");
        this.framesOut = frames("out");
        this.overflows = Counter.builder("parley.websocket.outbound.overflows")
                .description("Connections closed because their outbound queue overflowed")
                .register(registry);
    }

    private Counter frames(String direction) {
        return Counter.builder("parley.websocket.frames")
                .description("WebSocket frames, by direction")
                .tag("direction", direction)
                .register(registry);
    }

    void frameIn() {
        framesIn.increment();
    }

    @Override
    public void frameOut() {
        framesOut.increment();
    }

    @Override
    public void overflowed() {
        overflows.increment();
    }

    @Override
    public void closed(CloseStatus status) {
        Counter.builder("parley.websocket.closes")
                .description("Connections the server closed, by close code and reason")
                .tag("code", Integer.toString(status.getCode()))
                .tag("reason", reason(status))
                .register(registry)
                .increment();
    }

    /** The stable part of a reason (1009's reason names sizes, which would explode the tag's values). */
    private static String reason(CloseStatus status) {
        String reason = status.getReason() == null ? "" : status.getReason();
        return status.getCode() == 1009 ? "message_too_big" : reason;
    }
}
