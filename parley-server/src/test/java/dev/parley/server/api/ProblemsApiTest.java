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
    void requestsTheHttpServerRefusesItselfGetAProblemNotAnEmptyAnswer() throws IOException {
        String longLine = rawHttp("GET /api/v1/users?q=" + "q".repeat(5000), "");
        assertThat(longLine).startsWith("HTTP/1.1 414").contains("application/problem+json");
        assertThat(code(longLine)).isEqualTo("uri_too_long");
        String bigHeaders = rawHttp("GET /api/v1/me", "X-Big: " + "b".repeat(9000) + "\r\n");
        assertThat(bigHeaders).startsWith("HTTP/1.1 431").contains("application/problem+json");
        assertThat(code(bigHeaders)).isEqualTo("headers_too_large");
        for (String[] unreadable : new String[][] {
            {"GET /api/v1/chats/%zz", ""},
            {"GET /api/v1/users?q=%", ""},
            {"G\u0001T /api/v1/me", ""},
            {"GET /api/v1/me HTTP/1.1x", ""}
        }) {
            String response = rawHttp(unreadable[0], unreadable[1]);
            assertThat(response).as(unreadable[0]).startsWith("HTTP/1.1 400").contains("application/problem+json");
            assertThat(code(response)).as(unreadable[0]).isEqualTo("bad_request");
        }
    }

    @Test
    void aChunkedBodyThatBreaksEndsThereAndTheAnswerSaysWhatWasDone() throws IOException {
        String chunked = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String login = rawHttp("POST /api/v1/auth/login", chunked + "zz\r\n");
        assertThat(login).startsWith("HTTP/1.1 400").contains("application/problem+json", "connection: close");
        assertThat(code(login)).isEqualTo("missing_body");

        TestUser owner = register("chunk");
        TestUser member = register("chunk");
        long chat = createGroup(owner, "Broken bodies", "public", java.util.List.of(member.id()));
        String leave = rawHttp(
                "POST /api/v1/chats/" + chat + "/leave",
                "Authorization: Bearer " + member.accessToken() + "\r\n" + chunked + "3\r\n{}x\r\nzz\r\n");
        assertThat(leave).startsWith("HTTP/1.1 204");
        assertThat(get(owner, "/api/v1/chats/" + chat)).containsEntry("memberCount", 1);
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
        return rawHttp(requestLine, "");
    }

    /** The answer to a request line and headers ({@code headers} may end the head and hold a body). */
    private String rawHttp(String requestLine, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers;
            out.write((head.contains("\r\n\r\n") ? head : head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
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
