package dev.atrium.catalog.reading;

import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URL;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * The HTTP connections of one git clone: only to allowed hosts (redirects included), TLS to the
 * address the guard checked, and at most the repository limit of bytes received. JGit creates one
 * connection per request through this factory.
 */
final class GuardedGitConnections implements HttpConnectionFactory {
    private final Set<String> allowedHosts;
    private final Function<String, UrlGuard.Checked> guard;
    private final long maxBytes;
    private final AtomicLong received = new AtomicLong();

    /** A refusal carried through JGit (which wraps IOExceptions) back to the reader. */
    static final class Refused extends IOException {
        final AtriumError error;

        Refused(AtriumError error) {
            super(error.getMessage());
            this.error = error;
        }
    }

    GuardedGitConnections(Set<String> allowedHosts, Function<String, UrlGuard.Checked> guard, long maxBytes) {
        this.allowedHosts = allowedHosts;
        this.guard = guard;
        this.maxBytes = maxBytes;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, Proxy.NO_PROXY);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new Refused(new NotAllowedError("Git host " + url.getHost() + " is not in atrium.catalog.reading.git-allowed-hosts"));
        }
        UrlGuard.Checked checked;
        try {
            checked = guard.apply(url.toString());
        } catch (AtriumError e) {
            throw new Refused(e);
        }
        HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(new PinnedSslSocketFactory(checked.addresses()));
        }
        return new Connection(c);
    }

    /** TLS sockets that connect to the checked address, whatever the JDK resolved the host to. */
    static final class PinnedSslSocketFactory extends SSLSocketFactory {
        private final List<InetAddress> addresses;
        private final SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();

        PinnedSslSocketFactory(List<InetAddress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public Socket createSocket() {
            return new PinnedSocket(addresses);
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return tls.createSocket(s, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = new PinnedSocket(addresses);
            s.connect(InetSocketAddress.createUnresolved(host, port));
            return tls.createSocket(s, host, port, true);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return createSocket(host.getHostName(), port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(address.getHostName(), port);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }

    /** A socket that connects to the first checked address and the port it is asked for. */
    static final class PinnedSocket extends Socket {
        private final List<InetAddress> addresses;

        PinnedSocket(List<InetAddress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            int port = ((InetSocketAddress) endpoint).getPort();
            super.connect(new InetSocketAddress(addresses.get(0), port), timeout);
        }
    }

    /** JGit's view of one request, with the body counted against the repository limit. */
    private final class Connection implements HttpConnection {
        private final HttpURLConnection c;

        Connection(HttpURLConnection c) {
            this.c = c;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(c.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }
            };
        }

        private void count(int n) throws IOException {
            if (received.addAndGet(n) > maxBytes) {
                throw new Refused(new PayloadTooLargeError("The repository is over the limit of " + maxBytes
                        + " bytes (atrium.catalog.reading.max-repository-bytes)"));
            }
        }

        @Override
        public int getResponseCode() throws IOException {
            return c.getResponseCode();
        }

        @Override
        public URL getURL() {
            return c.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return c.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return c.getHeaderFields();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            c.setRequestProperty(key, value);
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            c.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean usecaches) {
            c.setUseCaches(usecaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            c.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            c.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return c.getContentType();
        }

        @Override
        public String getHeaderField(String name) {
            return c.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            List<String> values = c.getHeaderFields().entrySet().stream()
                    .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
            return values;
        }

        @Override
        public int getContentLength() {
            return c.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            // JGit follows redirects itself, through create(), so every hop is checked
            c.setInstanceFollowRedirects(false);
        }

        @Override
        public void setDoOutput(boolean dooutput) {
            c.setDoOutput(dooutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            c.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return c.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
            c.setChunkedStreamingMode(chunklen);
        }

        @Override
        public String getRequestMethod() {
            return c.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return c.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            c.connect();
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
            // the platform trust store and the pinned TLS factory stay in place
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier hostnameVerifier) {
            // host names are always verified
        }
    }
}
