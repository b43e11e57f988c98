package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The send path is one trace: the HTTP request, and under it the store calls of the send. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "parley.auth.bcrypt-cost=4",
            "management.tracing.export.enabled=true",
            "management.tracing.sampling.probability=1.0"
        })
class TracingTest {

    @TestConfiguration
    static class CaptureSpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("parley-tracing");
        registry.add("parley.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Test
    void sendingAMessageProducesOneTraceWithTheRequestAndItsStoreCalls() throws Exception {
        WebTestClient http =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        String token = register(http, "tracer");
        long chat = ((Number) http.post()
                        .uri("/api/v1/chats")
                        .header("Authorization", "Bearer " + token)
                        .bodyValue(Map.of("title", "Traced", "visibility", "private"))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"))
                .longValue();
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        spans.reset();

        http.post()
                .uri("/api/v1/chats/" + chat + "/messages")
                .header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("text", "follow me", "clientMsgId", "t1"))
                .exchange()
                .expectStatus()
                .isCreated();
        SpanData request = awaitSpan(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER
                && s.getName().contains("/api/v1/chats/{chatId}/messages"));
        List<SpanData> finished = spans.getFinishedSpanItems();
        List<SpanData> trace = finished.stream()
                .filter(s -> s.getTraceId().equals(request.getTraceId()))
                .toList();
        assertThat(names(trace)).contains("parley.store.write");
        assertThat(trace)
                .filteredOn(s -> s.getName().startsWith("parley.store"))
                .allSatisfy(s -> assertThat(ancestors(s, trace)).contains(request.getSpanId()));
        assertThat(finished)
                .filteredOn(s -> s.getName().startsWith("parley.store"))
                .as("every store call of the send is in the request's trace")
                .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(request.getTraceId()));
    }

    private static Set<String> ancestors(SpanData span, List<SpanData> trace) {
        Map<String, String> parents =
                trace.stream().collect(Collectors.toMap(SpanData::getSpanId, SpanData::getParentSpanId));
        Set<String> ancestors = new java.util.HashSet<>();
        for (String id = span.getParentSpanId(); id != null && ancestors.add(id); id = parents.get(id)) {
            // walk up to the root
        }
        return ancestors;
    }

    /** The request span ends just after the response is written: wait for it. */
    private SpanData awaitSpan(java.util.function.Predicate<SpanData> match) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            var found = spans.getFinishedSpanItems().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such span among " + names(spans.getFinishedSpanItems()));
    }

    private static Set<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).collect(Collectors.toSet());
    }

    private static String register(WebTestClient http, String name) {
        Map<?, ?> session = http.post()
                .uri("/api/v1/auth/register")
                .bodyValue(Map.of("username", name, "password", "long-enough"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) session.get("accessToken");
    }
}
