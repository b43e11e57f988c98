package dev.parley.server.realtime;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open a socket (a browser always says which page asks, in {@code Origin}):
 * the server's own pages (the request's host, as the client or a proxy in front named it), the
 * origins configured in {@code parley.realtime.allowed-origins} ({@code *} for any), and clients
 * that send no {@code Origin} (apps, servers, the load tool). Any other page is refused: a page of
 * another site must not use a visitor's session on this server.
 */
final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    OriginPolicy(List<String> allowedOrigins) {
        this.any = allowedOrigins.contains("*");
        this.allowed = allowedOrigins.stream()
                .filter(o -> !o.equals("*"))
                .map(OriginPolicy::normalized)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin the {@code Origin} header, or null
     * @param host the {@code X-Forwarded-Host} header when a proxy set one, else {@code Host}
     */
    boolean allows(String origin, String host) {
        if (origin == null || origin.isBlank() || any) {
            return true;
        }
        String page = normalized(origin);
        if (page == null) {
            return false; // "null" (a sandboxed page or a file) or garbage
        }
        return allowed.contains(page) || sameHost(page, host);
    }

    private static boolean sameHost(String page, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String scheme = page.substring(0, page.indexOf("://"));
        String authority = host.strip().toLowerCase(Locale.ROOT);
        String defaultPort = ":" + defaultPort(scheme);
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return page.equals(scheme + "://" + authority);
    }

    /** {@code scheme://host[:port]}, lower-case, without the scheme's default port; null when not an origin. */
    static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (port < 0 || port == defaultPort(scheme) ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
