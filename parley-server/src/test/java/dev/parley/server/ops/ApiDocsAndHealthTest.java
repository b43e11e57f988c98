package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

class ApiDocsAndHealthTest extends ApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void livenessAndReadinessAnswerJson() {
        http.get()
                .uri("/health/live")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        http.get()
                .uri("/health/ready")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.store.status")
                .isEqualTo("UP");
    }

    @Test
    void everyRouteTheServerRegistersIsDocumentedInOpenApi() {
        Map<String, Object> openApi = http.get()
                .uri("/openapi")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        Set<String> documented = new HashSet<>();
        map(openApi.get("paths"))
                .forEach((path, item) -> map(item)
                        .keySet()
                        .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        Set<String> registered = new HashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.parley")) {
                return;
            }
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    registered.add(method.name() + " " + pattern.getPatternString());
                }
            }
        });

        assertThat(registered).hasSizeGreaterThan(20);
        assertThat(documented).containsAll(registered);
        Map<String, Object> send = map(map(map(openApi.get("paths")).get("/api/v1/chats/{chatId}/messages"))
                .get("post"));
        assertThat(map(send.get("responses"))).containsKeys("201", "4XX");
        assertThat(map(map(openApi.get("components")).get("schemas")))
                .containsKeys("Problem", "MessageView", "SendRequest");
    }

    @Test
    void swaggerUiIsServed() {
        http.get().uri("/swagger").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/swagger/index.html").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
