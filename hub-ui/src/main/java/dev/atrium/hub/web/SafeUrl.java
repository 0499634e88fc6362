package dev.atrium.hub.web;

import java.net.URI;
import java.util.Locale;

/**
 * Decides whether text from a service may become a link. Qute escapes every value, but escaping does not
 * stop {@code javascript:} or {@code data:} URLs in an {@code href}; only http(s) and mailto pass.
 */
public final class SafeUrl {
    private SafeUrl() {
    }

    /** The URL if it is absolute http(s) or mailto, else null. */
    public static String of(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            return null;
        }
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u.toString();
            }
            if (scheme.equals("mailto")) {
                return u.toString();
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
