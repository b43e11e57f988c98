package dev.parley.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST calls the scenarios need to set themselves up: users, sessions, chats. */
final class Api {

    record User(long id, String username, String token) {}

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    Api(String baseUrl) {
        this.http = HttpClient.create().baseUrl(baseUrl);
    }

    Mono<JsonNode> call(String method, String path, String token, Object body) {
        var request = http.headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    if (token != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                })
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body == null ? "" : JSON.writeValueAsString(body))));
        return request.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(text -> response.status().code() >= 400
                        ? Mono.error(new IllegalStateException(
                                method + " " + path + " answered " + response.status() + ": " + text))
                        : Mono.just(text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text))));
    }

    /** Registers {@code count} users named {@code prefix_i} (password {@code bench-password}), 32 at a time. */
    List<User> users(String prefix, int count) {
        return Flux.range(0, count)
                .flatMap(
                        i -> call(
                                        "POST",
                                        "/api/v1/auth/register",
                                        null,
                                        Map.of("username", prefix + "_" + i, "password", "bench-password"))
                                .map(s -> new User(
                                        s.get("user").get("id").asLong(),
                                        prefix + "_" + i,
                                        s.get("accessToken").asString())),
                        32)
                .collectList()
                .block();
    }

    /** A private group owned by {@code owner} with these members (added 1000 at a time). */
    long group(User owner, List<User> members) {
        List<Long> ids = new ArrayList<>();
        for (User m : members) {
            if (m.id() != owner.id()) {
                ids.add(m.id());
            }
        }
        List<Long> first = ids.subList(0, Math.min(ids.size(), 1000));
        long chatId = call(
                        "POST",
                        "/api/v1/chats",
                        owner.token(),
                        Map.of("title", "bench " + owner.username(), "visibility", "private", "memberIds", first))
                .block()
                .get("id")
                .asLong();
        Flux.fromIterable(ids.subList(first.size(), ids.size()))
                .flatMap(
                        id -> call("POST", "/api/v1/chats/" + chatId + "/members", owner.token(), Map.of("userId", id)),
                        16)
                .blockLast();
        return chatId;
    }

    long direct(User a, User b) {
        return call("POST", "/api/v1/chats/direct", a.token(), Map.of("userId", b.id()))
                .block()
                .get("id")
                .asLong();
    }

    /**
     * A number from the server's Prometheus scrape (the sum of its series), or -1. {@code name} may
     * carry the start of a label set, {@code jvm_memory_used_bytes{area="heap"}} for instance.
     */
    double metric(String name) {
        return metric(scrape(), name);
    }

    /** The server's Prometheus scrape ({@code GET /metrics}), as text. */
    String scrape() {
        return http.get()
                .uri("/metrics")
                .responseContent()
                .aggregate()
                .asString()
                .block(java.time.Duration.ofSeconds(30));
    }

    /** A number from a Prometheus scrape, as {@link #metric(String)} reads it, or -1. */
    static double metric(String scrape, String name) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + (name.contains("{") ? "" : "{"))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    /**
     * The messages of {@code [from, last]} of a chat, oldest first, read page by page as a client
     * reads a range after {@code refetch}; {@code get} answers a GET of a path.
     */
    static List<JsonNode> range(long chatId, long from, long last, Function<String, JsonNode> get) {
        List<JsonNode> messages = new ArrayList<>();
        long after = from - 1;
        while (after < last) {
            JsonNode page = get.apply("/api/v1/chats/" + chatId + "/messages?after=" + after + "&before=" + (last + 1)
                    + "&limit=100&order=asc");
            JsonNode items = page.get("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(messages::add);
            after = items.get(items.size() - 1).get("seq").asLong();
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        return messages;
    }
}
