package dev.parley.server.web;

import dev.parley.core.error.ParleyException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values on the wire: lower-case names, parsed with an error that lists what is allowed. */
public final class Enums {

    private Enums() {}

    public static String wire(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code value}; null stays null (the caller decides whether it is required). */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(Enums::wire)
                .map(v -> "'" + v + "'")
                .collect(Collectors.joining(", "));
        throw ParleyException.invalid("invalid_" + field, field + " is '" + value + "'; allowed: " + allowed);
    }
}
