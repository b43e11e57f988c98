package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy byDefault = new OriginPolicy(List.of());

    @Test
    void theServersOwnPagesAndClientsWithoutAnOriginMayConnect() {
        assertThat(byDefault.allows(null, "chat.example.com")).isTrue();
        assertThat(byDefault.allows("https://chat.example.com", "chat.example.com"))
                .isTrue();
        assertThat(byDefault.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(byDefault.allows("https://Chat.Example.com:443", "chat.example.com"))
                .isTrue();
        assertThat(byDefault.allows("https://chat.example.com", "chat.example.com:443"))
                .isTrue();
    }

    @Test
    void pagesOfOtherSitesOrPortsAreRefused() {
        assertThat(byDefault.allows("https://evil.example", "chat.example.com")).isFalse();
        assertThat(byDefault.allows("http://localhost:9999", "localhost:8080")).isFalse();
        assertThat(byDefault.allows("https://chat.example.com.evil.example", "chat.example.com"))
                .isFalse();
        assertThat(byDefault.allows("null", "chat.example.com")).isFalse();
        assertThat(byDefault.allows("https://chat.example.com", null)).isFalse();
    }

    @Test
    void configuredOriginsOrAnyAreAllowed() {
        OriginPolicy app = new OriginPolicy(List.of("https://app.example.com"));
        assertThat(app.allows("https://app.example.com", "api.example.com")).isTrue();
        assertThat(app.allows("https://app.example.com:443", "api.example.com")).isTrue();
        assertThat(app.allows("https://other.example.com", "api.example.com")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows("https://anything.example", "api.example.com"))
                .isTrue();
    }
}
