package dev.parley.server.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document with Parley's stable machine {@code code}. Every REST error is one
 * of these, sent as {@code application/problem+json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String code,
        String detail,
        String instance,
        @JsonIgnore Long retryAfterSeconds) {

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("https://parley.dev/problems/" + code, title, status, code, detail, null, null);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, code, detail, path, retryAfterSeconds);
    }

    /** The same problem, answered with a {@code Retry-After} header of so many seconds. */
    public Problem retryAfter(long seconds) {
        return new Problem(type, title, status, code, detail, instance, seconds);
    }
}
