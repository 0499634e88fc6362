package dev.atrium.access.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NGINX configuration of docs/access.md, run by a real nginx (Debian package, installed by dev/test) in
 * front of a stub LLM backend: a valid key reaches the backend with the verified team and without the key,
 * anything else is stopped by nginx with 401 or 403. Fails, never skips, when nginx is not installed.
 */
@QuarkusTest
class NginxGatewayTest extends AccessTestSupport {
    private static final Path DOC = Path.of("../docs/access.md");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process nginx;
    private int port;

    @TempDir
    Path dir;

    static Path nginxBinary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("nginx is not installed; ./dev/test installs it (apt-get install -y nginx)");
    }

    /** The nginx block of docs/access.md. */
    static String documentedConfig() throws IOException {
        Matcher m = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertTrue(m.find(), "docs/access.md has an nginx block");
        return m.group(1);
    }

    @BeforeEach
    void startNginx() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI stub = URI.create(stubUrl);
        String site = documentedConfig()
                .replace("server access-service:8083;", "server 127.0.0.1:" + RestAssured.port + ";")
                .replace("server llm-gateway:4000;", "server 127.0.0.1:" + stub.getPort() + ";")
                .replace("listen 8000;", "listen 127.0.0.1:" + port + ";");
        Files.writeString(dir.resolve("site.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                worker_processes 1;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/site.conf;
                }
                """.formatted(dir));
        nginx = new ProcessBuilder(nginxBinary().toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!nginx.isAlive()) {
                    throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    @AfterEach
    void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private HttpResponse<String> call(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aValidKeyReachesTheBackendWithTheVerifiedTeamAndWithoutTheKey() throws Exception {
        var model = stubModel("open");
        String key = activeKey(alice(), model.ref(), "payments-team", 5000);
        String path = "/models/" + model.name() + "/v1/chat/completions";
        stubs().register(post(urlPathMatching("/models/" + model.name() + "/.*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"choices\":[]}")));

        HttpResponse<String> ok = call(path, key);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("{\"choices\":[]}", ok.body());
        stubs().verifyThat(postRequestedFor(urlPathMatching("/models/" + model.name() + "/v1/chat/completions"))
                .withHeader("X-Atrium-Team", equalTo("group:default/payments-team"))
                .withHeader("X-Atrium-Cost-Center", equalTo("CC-4200-ml-platform"))
                .withHeader("X-Atrium-Remaining-Tokens", equalTo("5000"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void nginxStopsMissingUnknownRevokedAndOutOfScopeKeys() throws Exception {
        var model = stubModel("open");
        var other = stubModel("open");
        String key = activeKey(alice(), model.ref(), "payments-team", 5000);
        stubs().register(post(urlPathMatching("/models/.*")).willReturn(aResponse().withStatus(200).withBody("backend")));

        HttpResponse<String> missing = call("/models/" + model.name() + "/v1/chat/completions", null);
        assertEquals(401, missing.statusCode());
        assertEquals("Bearer realm=\"atrium-ai\"", missing.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, call("/models/" + model.name() + "/v1/chat/completions", "atrk_" + "z".repeat(43)).statusCode());
        assertEquals(403, call("/models/" + other.name() + "/v1/chat/completions", key).statusCode());

        String keyId = verify(key, model.ref()).getString("keyId");
        as(alice()).body(Map.of("reason", "gateway test")).post(BASE + "/keys/" + keyId + "/revoke").then().statusCode(200);
        assertEquals(401, call("/models/" + model.name() + "/v1/chat/completions", key).statusCode());
        assertEquals(0, stubs().find(postRequestedFor(urlPathMatching("/models/" + other.name() + "/.*"))).size(), "nothing reached the backend");
    }
}
