package dev.atrium.catalog.reading;

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
 * public, unless the host is explicitly allow-listed. The addresses it checked are returned, and
 * readers connect to exactly those, so a second DNS answer can never point a read elsewhere.
 */
public final class UrlGuard {
    private final List<String> allowedHosts;

    /** A checked target: the parsed URI and the addresses to connect to (the ones that were checked). */
    public record Checked(URI uri, List<InetAddress> addresses) {
    }

    public UrlGuard(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    /** Parses and checks a target URL; throws {@link InputError} if malformed, {@link NotAllowedError} if refused. */
    public URI check(String target) {
        return resolve(target).uri();
    }

    /** Parses a target URL, resolves its host once and checks every address. */
    public Checked resolve(String target) {
        URI uri = parse(target);
        String h = bareHost(uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw new InputError("Unknown host " + uri.getHost());
        }
        if (!allowedHosts.contains(h)) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    // the address itself is not named: it would tell a caller about the internal network
                    throw new NotAllowedError("Refusing to read " + uri.getHost() + ": it resolves to a non-public address; "
                            + "allow-list the host in atrium.catalog.reading.url-allowed-hosts if intended");
                }
            }
        }
        return new Checked(uri, List.of(addresses));
    }

    /** Parses an http(s) URL without resolving it. */
    public static URI parse(String target) {
        if (target == null || target.isBlank()) {
            throw new InputError("The given location.target is empty");
        }
        if (target.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InputError("The given location.target contains control characters");
        }
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
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InputError("The given location.target has no host: " + target);
        }
        if (uri.getUserInfo() != null) {
            throw new InputError("URLs with credentials are not accepted");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new InputError("The given location.target has an invalid port: " + uri.getPort());
        }
        return uri;
    }

    /** Lower-case host without the brackets of an IPv6 literal. */
    public static String bareHost(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
    }

    /** Whether an address is publicly routable (none of the special-purpose ranges of RFC 6890 and its successors). */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return isPublic6(b);
        }
        return isPublic4(b);
    }

    private static boolean isPublic4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        if (b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224) { // this network, private, loopback, multicast, reserved
            return false;
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) { // carrier-grade NAT 100.64/10
            return false;
        }
        if (b0 == 169 && b1 == 254 || b0 == 172 && b1 >= 16 && b1 <= 31 || b0 == 192 && b1 == 168) {
            return false;
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) { // IETF protocol assignments 192.0.0/24, TEST-NET-1
            return false;
        }
        if (b0 == 192 && b1 == 88 && b2 == 99) { // 6to4 relay anycast
            return false;
        }
        if (b0 == 198 && (b1 == 18 || b1 == 19)) { // benchmarking 198.18/15
            return false;
        }
        if (b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113) { // TEST-NET-2, TEST-NET-3
            return false;
        }
        return true;
    }

    private static boolean isPublic6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc || first == 0xff) { // fc00::/7 unique local, ff00::/8 multicast
            return false;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80 || first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fe80::/10, fec0::/10
            return false;
        }
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:0:0/96, IPv4-mapped
            return isPublic4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (zero80 && b[10] == 0 && b[11] == 0) { // ::/96, IPv4-compatible (and :: and ::1)
            return false;
        }
        if (first == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) { // 64:ff9b::/96 and 64:ff9b:1::/48, NAT64
            return false;
        }
        if (first == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) { // 100::/64 discard
            return false;
        }
        if (first == 0x20 && b[1] == 0x02) { // 2002::/16, 6to4 (embeds any IPv4 address)
            return false;
        }
        if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) { // 2001::/32, Teredo
            return false;
        }
        if (first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) { // 2001:db8::/32, documentation
            return false;
        }
        return true;
    }
}
