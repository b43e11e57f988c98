package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The web client is served under a policy that forbids inline script and style, and is written for it. */
class ContentSecurityPolicyTest extends ApiTest {

    private static final Path STATIC = Path.of("src/main/resources/static");

    @Test
    void theWebClientIsServedWithAPolicyWithoutInlineScriptOrStyle() {
        for (String path : List.of("/", "/index.html", "/app.js")) {
            String policy = http.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders()
                    .getFirst(ContentSecurityPolicy.HEADER);
            assertThat(policy)
                    .as(path)
                    .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                    .contains("connect-src 'self' ws://localhost:" + port + " wss://localhost:" + port)
                    .doesNotContain("unsafe-inline", "unsafe-eval");
        }
    }

    @Test
    void aHostThatCouldExtendThePolicyIsLeftOut() {
        assertThat(ContentSecurityPolicy.policy("evil.example; script-src *")).endsWith("connect-src 'self'");
        assertThat(ContentSecurityPolicy.policy("[::1]:8080")).endsWith("ws://[::1]:8080 wss://[::1]:8080");
    }

    @Test
    void swaggerUiKeepsWorkingWithoutThePolicy() {
        http.get()
                .uri("/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(ContentSecurityPolicy.HEADER);
    }

    @Test
    void theStaticFilesHoldNoInlineScriptStyleOrHtmlInjection() throws IOException {
        List<Pattern> forbidden = List.of(
                Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
                Pattern.compile("<style", Pattern.CASE_INSENSITIVE),
                Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
                Pattern.compile("\\son[a-z]+\\s*=\\s*[\"']", Pattern.CASE_INSENSITIVE),
                Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE),
                Pattern.compile("\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write"),
                Pattern.compile("\\beval\\(|new Function\\("),
                Pattern.compile("setAttribute\\(\\s*['\"]style|\\.style\\.cssText"));
        try (Stream<Path> files = Files.list(STATIC)) {
            List<Path> all = files.filter(p -> p.toString().matches(".*\\.(html|js|css|json)"))
                    .toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("index.html", "app.js");
            for (Path file : all) {
                String text = Files.readString(file);
                for (Pattern p : forbidden) {
                    assertThat(p.matcher(text).find())
                            .as(file + " matches " + p)
                            .isFalse();
                }
            }
        }
    }
}
