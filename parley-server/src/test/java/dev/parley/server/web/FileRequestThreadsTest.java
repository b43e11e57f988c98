package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Mono;

class FileRequestThreadsTest {

    @Test
    void aRequestCarryingAFileIsHandledOnTheFileThreadsAndAnyOtherWhereItArrived() {
        FileRequestThreads threads = new FileRequestThreads();
        try {
            assertThat(handledOn(threads, MockServerHttpRequest.post("/api/v1/chats/7/uploads?name=a.pdf")))
                    .startsWith("parley-files");
            assertThat(handledOn(threads, MockServerHttpRequest.put("/api/v1/me/avatar")))
                    .startsWith("parley-files");
            assertThat(handledOn(threads, MockServerHttpRequest.post("/api/v1/posts/images")))
                    .startsWith("parley-files");
            String here = Thread.currentThread().getName();
            assertThat(handledOn(threads, MockServerHttpRequest.get("/api/v1/me")))
                    .isEqualTo(here);
            assertThat(handledOn(threads, MockServerHttpRequest.post("/api/v1/chats/7/messages")))
                    .isEqualTo(here);
        } finally {
            threads.destroy();
        }
    }

    @Test
    void eachFileBodyIsKnownByItsPathAndNothingElseIsOne() {
        assertThat(FileBody.of("/api/v1/me/avatar")).contains(FileBody.AVATAR);
        assertThat(FileBody.of("/api/v1/posts/images")).contains(FileBody.POST_IMAGE);
        assertThat(FileBody.of("/api/v1/chats/12/uploads")).contains(FileBody.CHAT_UPLOAD);
        assertThat(FileBody.of("/api/v1/chats/12/uploads/x")).isEmpty();
        assertThat(FileBody.of("/api/v1/chats//uploads")).isEmpty();
        assertThat(FileBody.of("/api/v1/chats/12/x/uploads")).isEmpty();
        assertThat(FileBody.of("/api/v1/chats/uploads")).isEmpty();
        assertThat(FileBody.of("/api/v1/chats/12/messages")).isEmpty();
        assertThat(FileBody.of("/api/v1/me")).isEmpty();
    }

    private static String handledOn(FileRequestThreads threads, MockServerHttpRequest.BaseBuilder<?> request) {
        AtomicReference<String> thread = new AtomicReference<>();
        HttpHandler handler = (req, res) ->
                Mono.fromRunnable(() -> thread.set(Thread.currentThread().getName()));
        threads.apply(handler)
                .handle(request.build(), new MockServerHttpResponse())
                .block(Duration.ofSeconds(5));
        return thread.get();
    }
}
