package dev.atrium.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole suite on this machine, as {@code dev/up} runs it but on free loopback ports: the four services
 * and hub-ui from their packaged jars, each service with a fresh database, all signed in against the shared
 * test Keycloak ({@code ATRIUM_TEST_KEYCLOAK_URL}, realm {@code atrium}), the demo catalog registered through
 * the catalog API. {@link #close} (also run by a shutdown hook) stops every child process, takes the hub's
 * redirect URI out of Keycloak again and drops the databases.
 */
final class AtriumSuite implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("atrium.root", "..")).toAbsolutePath().normalize();
    static final String KEYCLOAK = trimSlash(env("ATRIUM_TEST_KEYCLOAK_URL", "http://localhost:8280"));
    static final String ISSUER = KEYCLOAK + "/realms/atrium";
    static final Path DEMO_CATALOG = ROOT.resolve("dev/demo-catalog");
    /** The host name the golden-path templates publish to (dev/up: git.atrium.example → a directory of bare repositories). */
    static final String GIT_HOST_NAME = "git.atrium.example";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("atrium.e2e.start-timeout", 240));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 like the services' own clients (no h2c upgrade of plain-http requests). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    final Path work = ROOT.resolve("e2e/target/e2e");
    final Path logs = work.resolve("logs");
    /**
     * Bare repositories publish:git pushes to ({@code file://}), as dev/up's dev/.run/git-host: a short
     * temporary path (it shows in task logs and catalog annotations), deleted by {@link #close}.
     */
    final Path gitHost;

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<PostgresTestDatabase> databases = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopEverything, "atrium-e2e-shutdown");
    private String hubRedirect;

    private AtriumSuite() throws IOException {
        gitHost = Files.createTempDirectory("atrium-e2e-").resolve("git-host");
    }

    /** Starts everything; on any failure what was started is stopped again before the exception leaves. */
    static AtriumSuite start() throws Exception {
        AtriumSuite suite = new AtriumSuite();
        Runtime.getRuntime().addShutdownHook(suite.shutdownHook);
        try {
            suite.boot();
            return suite;
        } catch (Throwable e) {
            suite.close();
            throw e;
        }
    }

    String url(String service) {
        ServiceProcess p = services.get(service);
        if (p == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return p.url;
    }

    String hubUrl() {
        return url("hub-ui");
    }

    // ---- start-up -------------------------------------------------------------------------------------------

    private void boot() throws Exception {
        long t0 = System.nanoTime();
        checkKeycloak();
        deleteTree(work);
        Files.createDirectories(gitHost);
        Files.createDirectories(logs);
        for (String name : List.of("catalog-service", "scaffolder-service", "access-service", "metrics-service", "hub-ui")) {
            ports.put(name, freePort());
        }
        String hub = "http://localhost:" + ports.get("hub-ui");
        hubRedirect = hub + "/*";
        KeycloakAdmin.addRedirect(KEYCLOAK, "hub-ui", hubRedirect);

        // Every service starts at once (none needs another to start); then each is waited for.
        for (String name : ports.keySet()) {
            services.put(name, launch(name));
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (ServiceProcess p : services.values()) {
            p.awaitReady(deadline);
        }
        log("services ready in %d s: %s", seconds(t0), services.values().stream()
                .map(p -> p.name + " " + p.url).collect(Collectors.joining(", ")));
        loadDemoCatalog();
        log("demo catalog and golden paths ready after %d s", seconds(t0));
    }

    private ServiceProcess launch(String name) throws IOException {
        int port = ports.get(name);
        String url = name.equals("hub-ui") ? "http://localhost:" + port : "http://127.0.0.1:" + port;
        // The environment dev/up gives every service (start_service), with this run's ports and Keycloak.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("ATRIUM_OIDC_URL", ISSUER);
        env.put("ATRIUM_OIDC_CLIENT_SECRET", name.replaceFirst("-service$", "") + "-secret");
        env.put("ATRIUM_CATALOG_URL", "http://127.0.0.1:" + ports.get("catalog-service"));
        env.put("ATRIUM_SCAFFOLDER_URL", "http://127.0.0.1:" + ports.get("scaffolder-service"));
        env.put("ATRIUM_ACCESS_URL", "http://127.0.0.1:" + ports.get("access-service"));
        env.put("ATRIUM_METRICS_URL", "http://127.0.0.1:" + ports.get("metrics-service"));
        env.put("ATRIUM_HUB_URL", "http://localhost:" + ports.get("hub-ui"));
        env.put("ATRIUM_CATALOG_FILE_ROOTS", DEMO_CATALOG + "," + gitHost);
        if (!name.equals("hub-ui")) {
            PostgresTestDatabase db = new PostgresTestDatabase();
            Map<String, String> props = db.start();
            databases.add(db);
            String key = name.replaceFirst("-service$", "").toUpperCase().replace('-', '_');
            env.put("ATRIUM_" + key + "_DB_URL", props.get("quarkus.datasource.jdbc.url"));
            env.put("ATRIUM_" + key + "_DB_USER", props.get("quarkus.datasource.username"));
            env.put("ATRIUM_" + key + "_DB_PASSWORD", props.get("quarkus.datasource.password"));
        }
        env.putAll(serviceEnv(name));

        // dev/up: the module's shipped jvm.options when it has one, else the shared defaults; then service_jvm_opts.
        List<String> jvm = new ArrayList<>();
        Path shipped = ROOT.resolve(name).resolve("src/main/jvm/jvm.options");
        if (Files.isRegularFile(shipped)) {
            jvm.add("@" + shipped);
        } else {
            jvm.addAll(List.of("-XX:MaxGCPauseMillis=5", "-Xms16m"));
        }
        jvm.addAll(serviceJvmOptions(name));
        Path jar = ROOT.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return ServiceProcess.start(name, jar, port, url, jvm, env, logs);
    }

    /** dev/up's service_jvm_opts: local-only properties and the measured flags of each service. */
    private List<String> serviceJvmOptions(String name) {
        return switch (name) {
            case "metrics-service" -> List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m");
            case "access-service" -> List.of("-XX:+UseSerialGC", "-Xmx128m");
            case "hub-ui" -> List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx48m");
            case "scaffolder-service" -> List.of(
                    "-Datrium.scaffolder.publish.git-hosts.\"" + GIT_HOST_NAME + "\".base-url=file://" + gitHost,
                    "-Datrium.scaffolder.publish.git-hosts.\"" + GIT_HOST_NAME + "\".create-repositories=true",
                    "-XX:+UseSerialGC", "-Xms16m", "-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m");
            default -> List.of();
        };
    }

    /** dev/up's service_env: secrets and roots generated for this run. */
    private Map<String, String> serviceEnv(String name) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        switch (name) {
            case "scaffolder-service" -> {
                env.put("ATRIUM_SCAFFOLDER_SKELETON_ROOTS", DEMO_CATALOG.toString());
                env.put("ATRIUM_SCAFFOLDER_GIT_ROOTS", gitHost.toString());
                env.put("ATRIUM_SCAFFOLDER_SECRETS_KEY", randomBase64(32));
            }
            case "access-service" -> {
                Path dir = work.resolve("access-service");
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                env.put("ATRIUM_ACCESS_KEY_PEPPER_FILE", secretFile(dir.resolve("key-pepper"), 48).toString());
                env.put("ATRIUM_ACCESS_SECRETS_KEY_FILE", secretFile(dir.resolve("secrets-store-key"), 32).toString());
                env.put("ATRIUM_ACCESS_IDENTITY", "keycloak");
                env.put("ATRIUM_ACCESS_KEYCLOAK_URL", KEYCLOAK);
            }
            case "hub-ui" -> env.put("MALLOC_ARENA_MAX", "2");
            case "metrics-service" -> {
                env.put("ATRIUM_METRICS_GITHUB_WEBHOOK_SECRET", "dev-github-webhook-secret");
                env.put("ATRIUM_METRICS_GITLAB_WEBHOOK_TOKEN", "dev-gitlab-webhook-token");
            }
            default -> {
            }
        }
        return env;
    }

    /** dev/up's load_demo_catalog and load_demo_templates, through the real APIs. */
    private void loadDemoCatalog() throws Exception {
        String pat = userToken("pat");
        String body = JSON.writeValueAsString(Map.of("type", "file", "target", DEMO_CATALOG.resolve("catalog-info.yaml").toString()));
        HttpResponse<String> r = send("POST", url("catalog-service") + "/api/catalog/locations", pat, body);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering the demo catalog failed with HTTP " + r.statusCode() + ": " + r.body()
                    + "\n" + diagnostics());
        }
        String alice = userToken("alice");
        String catalog = url("catalog-service") + "/api/catalog/entities/by-name/";
        awaitOk("the demo component payments-api in the catalog", catalog + "component/default/payments-api", pat);
        awaitOk("the demo AI model chat-assistant in the catalog", catalog + "aimodel/default/chat-assistant", pat);
        awaitOk("the golden path nodejs-microservice in the scaffolder", url("scaffolder-service")
                + "/api/scaffolder/v2/templates/default/template/nodejs-microservice/parameter-schema", alice);
    }

    private void awaitOk(String what, String url, String token) throws Exception {
        int[] last = {0};
        awaitTrue(what, Duration.ofSeconds(120), () -> {
            try {
                last[0] = send("GET", url, token, null).statusCode();
                return last[0] == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    // ---- HTTP and tokens ------------------------------------------------------------------------------------

    /** An access token of a demo user (atrium-cli's password grant, as dev/up's token_for). */
    static String userToken(String user) throws IOException, InterruptedException {
        return tokenFrom(form("grant_type", "password", "client_id", "atrium-cli", "username", user, "password", "atrium"));
    }

    /** A client-credentials token of a service's own client (secret {@code <name>-secret}). */
    static String serviceToken(String client, String secret) throws IOException, InterruptedException {
        return tokenFrom(form("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    private static String tokenFrom(String form) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ISSUER + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token from " + ISSUER + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    static HttpResponse<String> send(String method, String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    static String form(String... pairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (s.length() > 0) {
                s.append('&');
            }
            s.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    /** Polls {@code condition} every second; fails with what was awaited and every service's log tail. */
    void awaitTrue(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what + "\n" + diagnostics());
            }
            Thread.sleep(1000);
        }
    }

    /** Which services are still alive, and the tail of each one's log. */
    String diagnostics() {
        StringBuilder s = new StringBuilder("service logs under ").append(logs).append(':');
        for (ServiceProcess p : services.values()) {
            s.append("\n---- ").append(p.name).append(p.alive() ? " (running)" : " (EXITED)").append(", ").append(p.log)
                    .append(" ----\n").append(p.tail(25));
        }
        return s.toString();
    }

    // ---- shutdown -------------------------------------------------------------------------------------------

    @Override
    public void close() {
        stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopEverything() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ServiceProcess> running = new ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        // SIGTERM to all first, so they stop in parallel; close() then waits for each.
        running.parallelStream().forEach(ServiceProcess::close);
        if (hubRedirect != null) {
            try {
                KeycloakAdmin.removeRedirect(KEYCLOAK, "hub-ui", hubRedirect);
            } catch (Exception e) {
                log("could not remove %s from the hub-ui client's redirect URIs: %s", hubRedirect, e);
            }
        }
        for (PostgresTestDatabase db : databases) {
            try {
                db.stop();
            } catch (RuntimeException e) {
                log("could not drop a test database: %s", e.getMessage());
            }
        }
        try {
            deleteTree(gitHost.getParent());
        } catch (IOException e) {
            log("could not delete %s: %s", gitHost.getParent(), e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void checkKeycloak() throws InterruptedException {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(ISSUER + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("the test Keycloak does not serve realm atrium at " + ISSUER
                + ". Run the journey through ./dev/test, which starts it on port 8280 and sets ATRIUM_TEST_KEYCLOAK_URL.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path secretFile(Path file, int bytes) throws IOException {
        Files.writeString(file, randomBase64(bytes), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[e2e] " + format + "%n", args);
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Keycloak's admin REST API (master realm admin/admin, as the test Keycloak is started). */
    static final class KeycloakAdmin {
        private KeycloakAdmin() {
        }

        static void addRedirect(String keycloak, String clientId, String uri) throws IOException, InterruptedException {
            update(keycloak, clientId, uri, true);
        }

        static void removeRedirect(String keycloak, String clientId, String uri) throws IOException, InterruptedException {
            update(keycloak, clientId, uri, false);
        }

        /** Adds or removes {@code uri} in the client's redirect URIs and post-logout redirect URIs. */
        private static void update(String keycloak, String clientId, String uri, boolean add) throws IOException, InterruptedException {
            String token = adminToken(keycloak);
            String clients = keycloak + "/admin/realms/atrium/clients";
            HttpResponse<String> found = send("GET", clients + "?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8), token, null);
            check(found, "looking up client " + clientId);
            JsonNode list = JSON.readTree(found.body());
            if (list.isEmpty()) {
                throw new IllegalStateException("realm atrium has no client " + clientId);
            }
            String id = list.get(0).path("id").asText();
            HttpResponse<String> got = send("GET", clients + "/" + id, token, null);
            check(got, "reading client " + clientId);
            ObjectNode client = (ObjectNode) JSON.readTree(got.body());
            ArrayNode redirects = client.withArrayProperty("redirectUris");
            List<String> values = new ArrayList<>();
            redirects.forEach(n -> values.add(n.asText()));
            values.remove(uri);
            if (add) {
                values.add(uri);
            }
            redirects.removeAll();
            values.forEach(redirects::add);
            ObjectNode attributes = client.withObjectProperty("attributes");
            List<String> logout = new ArrayList<>(List.of(attributes.path("post.logout.redirect.uris").asText("").split("##")));
            logout.removeIf(s -> s.isBlank() || s.equals(uri));
            if (add) {
                logout.add(uri);
            }
            attributes.put("post.logout.redirect.uris", String.join("##", logout));
            check(send("PUT", clients + "/" + id, token, JSON.writeValueAsString(client)), "updating client " + clientId);
        }

        private static String adminToken(String keycloak) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "password", "client_id", "admin-cli",
                            "username", "admin", "password", "admin")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            check(r, "signing in to Keycloak's admin API as admin");
            return JSON.readTree(r.body()).path("access_token").asText();
        }

        private static void check(HttpResponse<String> r, String what) {
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(what + " failed: HTTP " + r.statusCode() + " " + r.body());
            }
        }
    }
}
