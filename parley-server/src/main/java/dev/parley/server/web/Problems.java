package dev.parley.server.web;

import dev.parley.core.error.ParleyException;
import dev.parley.server.ratelimit.RateLimited;
import dev.parley.server.store.StoreException;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place that turns a failure into the problem document a client sees: a status, a stable
 * code (each listed in docs/api.md), a detail that says what to do. Handlers, filters, the
 * security chain and its firewall all answer through it.
 */
public final class Problems {

    /** Codes for statuses the HTTP layer itself answers with, when nothing more specific applies. */
    private static final Map<Integer, String> BY_STATUS = Map.of(
            400, "bad_request",
            401, "unauthenticated",
            404, "not_found",
            405, "method_not_allowed",
            406, "not_acceptable",
            413, "body_too_large",
            415, "unsupported_media_type");

    private final long bodyLimit;

    public Problems(long bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    /** The problem for {@code error}; null when it is not a client's fault (the caller logs it and answers 500). */
    public Problem from(Throwable error) {
        if (error instanceof ParleyException e) {
            return fromDomain(e);
        }
        if (error instanceof AuthenticationException e) {
            return unauthenticated(e);
        }
        if (error instanceof RateLimited e) {
            return Problem.of(429, "Too Many Requests", "rate_limited", e.getMessage())
                    .retryAfter(e.retryAfterSeconds());
        }
        if (error instanceof ServerExchangeRejectedException e) {
            return invalid(
                    "request_rejected",
                    "the request was refused before routing: " + e.getMessage()
                            + "; paths may not hold encoded slashes, NUL, '..' or '//'");
        }
        if (find(error, DataBufferLimitException.class) != null) {
            return tooLarge();
        }
        StrictJsonDecoder.MalformedUtf8Exception malformed =
                find(error, StrictJsonDecoder.MalformedUtf8Exception.class);
        if (malformed != null) {
            return invalid("invalid_utf8", malformed.getMessage());
        }
        if (error instanceof UnsupportedMediaTypeStatusException e) {
            return unsupportedMediaType(
                    e.getContentType() == null ? "is missing" : "'" + e.getContentType() + "' is not supported");
        }
        if (error instanceof ResponseStatusException e && e.getStatusCode().value() == 415) {
            return unsupportedMediaType("is not supported here");
        }
        if (error instanceof MethodNotAllowedException e) {
            return Problem.of(
                    405,
                    "Method Not Allowed",
                    "method_not_allowed",
                    e.getHttpMethod() + " is not allowed here; allowed: "
                            + e.getSupportedMethods().stream()
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", ")));
        }
        if (error instanceof NotAcceptableStatusException) {
            return Problem.of(406, "Not Acceptable", "not_acceptable", "this endpoint answers application/json");
        }
        if (error instanceof ServerWebInputException e) {
            return fromInput(e);
        }
        if (error instanceof ResponseStatusException e) {
            return fromStatus(e);
        }
        if (error instanceof StoreException) {
            return storeUnavailable();
        }
        return null;
    }

    public Problem tooLarge() {
        return Problem.of(
                413,
                "Content Too Large",
                "body_too_large",
                "the request body exceeds the limit of " + bodyLimit + " bytes");
    }

    public static Problem storeUnavailable() {
        return Problem.of(
                503,
                "Service Unavailable",
                "store_unavailable",
                "the database is not answering; retry later (sends are safe to retry with the same clientMsgId)");
    }

    /** Anything unexpected (the caller logs it). */
    public static Problem internalError() {
        return Problem.of(
                500, "Internal Server Error", "internal_error", "an unexpected error occurred; it was logged");
    }

    /** A method the server never serves (TRACE, CONNECT, unknown verbs). */
    public static Problem methodNotServed(String method) {
        return Problem.of(
                405,
                "Method Not Allowed",
                "method_not_allowed",
                method + " is not served; use GET, POST, PATCH, PUT, DELETE, HEAD or OPTIONS");
    }

    /**
     * The problem for an answer the HTTP server gave before the application saw the request: too
     * long a request line (414) or headers (431), or one it could not read at all.
     */
    static Problem bare(int status) {
        return switch (status) {
            case 414 ->
                Problem.of(
                        414,
                        "URI Too Long",
                        "uri_too_long",
                        "the request line (method, path and query) is too long; send long input in a JSON body");
            case 431 ->
                Problem.of(
                        431,
                        "Request Header Fields Too Large",
                        "headers_too_large",
                        "the request's headers are too large; send fewer or shorter headers");
            case 400 ->
                invalid(
                        "bad_request",
                        "the request could not be read: its request line, a header or the percent-encoding of"
                                + " its URI is malformed");
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                String title = known == null ? "Error" : known.getReasonPhrase();
                yield Problem.of(status, title, BY_STATUS.getOrDefault(status, "bad_request"), title);
            }
        };
    }

    private static Problem unauthenticated(AuthenticationException e) {
        if (e instanceof Coded coded) {
            return Problem.of(401, "Unauthorized", coded.code(), e.getMessage());
        }
        return Problem.of(
                401,
                "Unauthorized",
                "unauthenticated",
                "this endpoint needs 'Authorization: Bearer <access token>'; get one from POST /api/v1/auth/login");
    }

    private static Problem unsupportedMediaType(String what) {
        return Problem.of(
                415,
                "Unsupported Media Type",
                "unsupported_media_type",
                "Content-Type " + what + "; send application/json");
    }

    private static Problem fromStatus(ResponseStatusException e) {
        int status = e.getStatusCode().value();
        if (status == 404) {
            return Problem.of(404, "Not Found", "not_found", "no such endpoint; see /api/v1 in the API reference");
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String code = BY_STATUS.getOrDefault(status, status >= 500 ? "internal_error" : "bad_request");
        return Problem.of(status, title, code, e.getReason() == null ? title : e.getReason());
    }

    private static Problem fromDomain(ParleyException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.of(400, "Bad Request", e.code(), e.getMessage());
            case UNAUTHENTICATED -> Problem.of(401, "Unauthorized", e.code(), e.getMessage());
            case FORBIDDEN -> Problem.of(403, "Forbidden", e.code(), e.getMessage());
            case NOT_FOUND -> Problem.of(404, "Not Found", e.code(), e.getMessage());
            case CONFLICT -> Problem.of(409, "Conflict", e.code(), e.getMessage());
            case TOO_LARGE -> Problem.of(413, "Content Too Large", e.code(), e.getMessage());
            case UNSUPPORTED -> Problem.of(415, "Unsupported Media Type", e.code(), e.getMessage());
        };
    }

    private static Problem fromInput(ServerWebInputException e) {
        if (e instanceof MissingRequestValueException m) {
            return invalid("missing_parameter", m.getLabel() + " '" + m.getName() + "' is required");
        }
        if (hasMessage(e, "Invalid UTF-8")) {
            return invalid("invalid_utf8", "the request body is not valid UTF-8");
        }
        MismatchedInputException mismatch = find(e, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            return invalid("invalid_field", "field '" + field + "' has the wrong type; expected " + expected);
        }
        if (find(e, StreamConstraintsException.class) != null) {
            return invalid(
                    "malformed_json",
                    "the request body is nested too deeply or too large for JSON here: "
                            + find(e, StreamConstraintsException.class).getOriginalMessage());
        }
        if (find(e, JacksonException.class) != null) {
            return invalid("malformed_json", "the request body is not well-formed JSON");
        }
        TypeMismatchException typeMismatch = find(e, TypeMismatchException.class);
        if (typeMismatch != null) {
            String expected =
                    typeMismatch.getRequiredType() == null ? "another type" : describe(typeMismatch.getRequiredType());
            return invalid(
                    "invalid_parameter",
                    "'" + typeMismatch.getValue() + "' is not valid for "
                            + (e.getMethodParameter() != null
                                            && e.getMethodParameter().getParameterName() != null
                                    ? "'" + e.getMethodParameter().getParameterName() + "'"
                                    : "a parameter")
                            + "; expected " + expected);
        }
        if (e.getReason() != null && e.getReason().contains("No request body")) {
            return invalid("missing_body", "this request needs a JSON body");
        }
        return invalid("bad_request", e.getReason() == null ? "the request is not valid" : e.getReason());
    }

    private static String describe(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static Problem invalid(String code, String detail) {
        return Problem.of(400, "Bad Request", code, detail);
    }

    private static boolean hasMessage(Throwable error, String fragment) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
