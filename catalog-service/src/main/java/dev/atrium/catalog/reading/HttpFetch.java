package dev.atrium.catalog.reading;

import dev.atrium.commons.error.PayloadTooLargeError;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 GET client for reading catalog files. It connects to the addresses the
 * {@link UrlGuard} checked (never resolving the host again), verifies TLS against the host name,
 * holds one deadline for connecting, headers and body together, and stops reading at the size
 * limit. Redirects are returned, not followed: the caller decides where a redirect may go.
 */
final class HttpFetch {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private HttpFetch() {
    }

    /** An answer: status, lower-cased header names, and the body (at most the limit). */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** Thrown when the deadline passes while connecting or reading. */
    static final class Timeout extends IOException {
        Timeout() {
            super("timed out");
        }
    }

    /**
     * Sends one GET to {@code target} and reads the answer.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which headers and body must have arrived
     * @param maxBytes largest body accepted; a longer one is a {@link PayloadTooLargeError}
     */
    static Response get(UrlGuard.Checked target, Map<String, String> headers, long maxBytes, long deadlineNanos, String what)
            throws IOException {
        URI uri = target.uri();
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String host = UrlGuard.bareHost(uri);
        Socket socket = connect(target.addresses(), port, deadlineNanos);
        try {
            if (tls) {
                socket = startTls(socket, host, port, deadlineNanos);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(uri, host, port, tls, headers).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DeadlineInput in = new DeadlineInput(socket, deadlineNanos);
            return read(in, maxBytes, what);
        } finally {
            socket.close();
        }
    }

    private static Socket connect(List<InetAddress> addresses, int port, long deadlineNanos) throws IOException {
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, port), remainingMillis(deadlineNanos));
                return s;
            } catch (SocketTimeoutException e) {
                s.close();
                throw new Timeout();
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private static Socket startTls(Socket plain, String host, int port, long deadlineNanos) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("TLS unavailable", e);
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(remainingMillis(deadlineNanos));
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new Timeout();
        }
        return ssl;
    }

    private static String request(URI uri, String host, int port, boolean tls, Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + (port == (tls ? 443 : 80) ? "" : ":" + port);
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: atrium-catalog\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        headers.forEach((k, v) -> {
            if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || k.indexOf('\r') >= 0 || k.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header with a line break");
            }
            r.append(k).append(": ").append(v).append("\r\n");
        });
        if (!headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("accept"))) {
            r.append("Accept: */*\r\n");
        }
        return r.append("\r\n").toString();
    }

    private static Response read(DeadlineInput in, long maxBytes, String what) throws IOException {
        String status = in.line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            if (++count > MAX_HEADERS) {
                throw new IOException("too many headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        Response head = new Response(code, headers, new byte[0]);
        if (code == 204 || code == 304 || code / 100 == 1 || code / 100 == 3) {
            return head;
        }
        String encoding = head.header("content-encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new IOException("unsupported content encoding");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String transfer = head.header("transfer-encoding");
        if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = in.line();
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk");
                }
                if (size == 0) {
                    break;
                }
                copy(in, body, size, maxBytes, what);
                in.line();
            }
        } else if (head.header("content-length") != null) {
            long length;
            try {
                length = Long.parseLong(head.header("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("malformed content length");
            }
            if (length > maxBytes) {
                throw tooLarge(what, maxBytes);
            }
            copy(in, body, length, maxBytes, what);
        } else {
            copy(in, body, Long.MAX_VALUE, maxBytes, what);
        }
        return new Response(code, headers, body.toByteArray());
    }

    private static void copy(DeadlineInput in, ByteArrayOutputStream out, long n, long maxBytes, String what) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("answer ended early");
            }
            if (out.size() + r > maxBytes) {
                throw tooLarge(what, maxBytes);
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static PayloadTooLargeError tooLarge(String what, long maxBytes) {
        return new PayloadTooLargeError(what + " is over the limit of " + maxBytes + " bytes");
    }

    static int remainingMillis(long deadlineNanos) throws Timeout {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new Timeout();
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /** Buffered socket input whose every read waits at most until the deadline. */
    private static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int len;

        DeadlineInput(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            try {
                len = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new Timeout();
            }
            pos = 0;
            return len > 0;
        }

        int read(byte[] b, int off, int n) throws IOException {
            if (pos >= len && !fill()) {
                return -1;
            }
            int r = Math.min(n, len - pos);
            System.arraycopy(buf, pos, b, off, r);
            pos += r;
            return r;
        }

        /** One CRLF-terminated line of the head (or of chunk framing), without the terminator. */
        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= len && !fill()) {
                    throw new EOFException("answer ended early");
                }
                char c = (char) (buf[pos++] & 0xff);
                if (sb.length() > MAX_LINE) {
                    throw new IOException("header line too long");
                }
                if (c == '\n') {
                    int l = sb.length();
                    return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
                }
                sb.append(c);
            }
        }
    }
}
