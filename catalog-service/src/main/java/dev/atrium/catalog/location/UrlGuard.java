package dev.atrium.catalog.location;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * SSRF protection for url and git locations: only http(s) targets whose every resolved address is
 * public, unless the host is explicitly allow-listed.
 */
public final class UrlGuard {
    private final List<String> allowedHosts;

    public UrlGuard(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    /** Parses and checks a target URL; throws {@link InputError} if malformed, {@link NotAllowedError} if refused. */
    public URI check(String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (Exception e) {
            throw new InputError("The given location.target is not a URL: " + target);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InputError("Only http and https URLs can be read, not \"" + scheme + "\"");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new InputError("The given location.target has no host: " + target);
        }
        if (uri.getUserInfo() != null) {
            throw new InputError("URLs with credentials are not accepted");
        }
        String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        if (allowedHosts.contains(h)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw new InputError("Unknown host " + host);
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new NotAllowedError("Refusing to read " + host + ": it resolves to a non-public address ("
                        + a.getHostAddress() + "); allow-list the host in atrium.catalog.reading.url-allowed-hosts if intended");
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            return true;
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0 || b0 >= 240) { // "this network", reserved
            return false;
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) { // carrier-grade NAT 100.64/10
            return false;
        }
        if (b0 == 198 && (b1 == 18 || b1 == 19)) { // benchmarking 198.18/15
            return false;
        }
        return true;
    }
}
