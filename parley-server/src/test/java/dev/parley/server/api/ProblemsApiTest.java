package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every error, wherever it arises, is problem+json with a code that docs/api.md lists. */
class ProblemsApiTest extends ApiTest {

    private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_0-9]+)\"");

    @Test
    void aFormBodyIsAnUnsupportedMediaType() {
        TestUser a = register("form");
        http.post()
                .uri("/api/v1/chats")
                .header("Authorization", "Bearer " + a.accessToken())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("title=x")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unsupported_media_type");
    }

    @Test
    void requestsTheFirewallRefusesGetAProblemNotAnEmptyBody() throws IOException {
        for (String path :
                new String[] {"/api/v1/chats/%00", "/api/v1/chats%2f1", "/api/v1/../api/v1/me", "//api/v1/me"}) {
            String response = rawHttp("GET " + path);
            assertThat(response).as(path).startsWith("HTTP/1.1 400").contains("application/problem+json");
            assertThat(code(response)).as(path).isEqualTo("request_rejected");
        }
        String trace = rawHttp("TRACE /api/v1/chats");
        assertThat(trace).startsWith("HTTP/1.1 405").contains("application/problem+json");
        assertThat(code(trace)).isEqualTo("method_not_allowed");
    }

    @Test
    void everyCodeTheServerAnswersIsDocumented() throws IOException {
        Set<String> codes = new TreeSet<>();
        Pattern domain = Pattern.compile(
                "(?:invalid|notFound|forbidden|conflict|unauthenticated|tooLarge|refuse)\\(\\s*\"([a-z_0-9]+)\"");
        Pattern problem = Pattern.compile("Problem\\.of\\(\\s*\\d+,\\s*\"[^\"]*\",\\s*\"([a-z_0-9]+)\"");
        Pattern token = Pattern.compile("new TokenException\\(\\s*\"([a-z_0-9]+)\"");
        Pattern byStatus = Pattern.compile("\\d{3}, \"([a-z_0-9]+)\"");
        for (Path root : new Path[] {Path.of("src/main/java"), Path.of("../parley-core/src/main/java")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (file.toString().contains("/realtime/")) {
                        continue; // WebSocket error frames are listed in protocol.md
                    }
                    String source = Files.readString(file);
                    for (Pattern p : new Pattern[] {domain, problem, token, byStatus}) {
                        Matcher m = p.matcher(source);
                        while (m.find()) {
                            if (!m.group(1).endsWith("_")) { // "invalid_" + field: listed below
                                codes.add(m.group(1));
                            }
                        }
                    }
                }
            }
        }
        codes.addAll(Set.of("invalid_visibility", "invalid_role", "websocket_required"));
        assertThat(codes).hasSizeGreaterThan(40);
        String api = Files.readString(Path.of("../docs/api.md"));
        assertThat(codes)
                .as("codes missing from docs/api.md")
                .allSatisfy(code -> assertThat(api).contains("`" + code + "`"));
    }

    private String rawHttp(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String code(String response) {
        Matcher m = CODE.matcher(response);
        return m.find() ? m.group(1) : "(no code in: " + response + ")";
    }
}
