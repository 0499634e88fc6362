package dev.atrium.catalog.reading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader's HTTP client: pinned address, one deadline for headers and body, size cap while reading. */
class HttpFetchTest {
    private HttpServer server;
    private int port;
    private final AtomicReference<String> hostHeader = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", x -> {
            hostHeader.set(x.getRequestHeaders().getFirst("Host"));
            byte[] b = "kind: Component\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/chunked", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("0123456789".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/slow", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static long in(long millis) {
        return System.nanoTime() + millis * 1_000_000L;
    }

    @Test
    void connectsToTheCheckedAddressWithoutResolvingTheHostAgain() throws Exception {
        // "pinned.invalid" does not resolve: the only way to reach the server is the checked address
        UrlGuard.Checked checked = new UrlGuard.Checked(URI.create("http://pinned.invalid:" + port + "/ok"),
                List.of(InetAddress.getByName("127.0.0.1")));
        HttpFetch.Response r = HttpFetch.get(checked, Map.of(), 1000, in(5000), "test");
        assertEquals(200, r.status());
        assertArrayEquals("kind: Component\n".getBytes(StandardCharsets.UTF_8), r.body());
        assertEquals("pinned.invalid:" + port, hostHeader.get(), "the Host header names the host, the socket the address");
    }

    @Test
    void readsChunkedBodiesAndStopsAtTheSizeLimit() throws Exception {
        UrlGuard.Checked checked = new UrlGuard.Checked(URI.create("http://127.0.0.1:" + port + "/chunked"), List.of(InetAddress.getByName("127.0.0.1")));
        assertEquals(1000, HttpFetch.get(checked, Map.of(), 1000, in(5000), "test").body().length);
        PayloadTooLargeError e = assertThrows(PayloadTooLargeError.class, () -> HttpFetch.get(checked, Map.of(), 999, in(5000), "the file"));
        assertTrue(e.getMessage().contains("over the limit of 999 bytes"), e.getMessage());
    }

    @Test
    void aSlowBodyRunsOutOfTheTotalTimeBudget() throws Exception {
        UrlGuard.Checked checked = new UrlGuard.Checked(URI.create("http://127.0.0.1:" + port + "/slow"), List.of(InetAddress.getByName("127.0.0.1")));
        long start = System.nanoTime();
        // every byte arrives well within a per-read timeout; only a deadline for the whole answer stops it
        assertThrows(HttpFetch.Timeout.class, () -> HttpFetch.get(checked, Map.of(), 1000, in(1000), "test"));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 2500, "gave up after " + took + " ms");
    }

    @Test
    void pinnedSocketsConnectToTheCheckedAddress() throws Exception {
        try (GuardedGitConnections.PinnedSocket s = new GuardedGitConnections.PinnedSocket(List.of(InetAddress.getByName("127.0.0.1")))) {
            s.connect(InetSocketAddress.createUnresolved("pinned.invalid", port), 2000);
            assertEquals(InetAddress.getByName("127.0.0.1"), s.getInetAddress());
        }
    }
}
