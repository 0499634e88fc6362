package dev.atrium.access.provisioning.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * HashiCorp Vault KV version 2 adapter: {@code POST /v1/<mount>/data/<prefix>/<path>} writes a new version
 * ({@code {"data": {"api_key": …, labels…}}}), {@code GET} the same path reads the latest, and
 * {@code DELETE /v1/<mount>/metadata/<prefix>/<path>} removes every version. Authenticates with
 * {@code X-Vault-Token} (and {@code X-Vault-Namespace} on Vault Enterprise).
 */
public class VaultKvSecretStore implements SecretStore {
    public static final String REF_PREFIX = "vault:";
    static final String VALUE_FIELD = "api_key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Supplier<String> token;
    private final String mount;
    private final String pathPrefix;
    private final String namespace;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param token supplies the current token (re-read each call, so a token file renewed by the Vault agent is picked up)
     */
    public VaultKvSecretStore(String url, Supplier<String> token, String mount, String pathPrefix, String namespace,
            Duration timeout) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.mount = trimSlashes(mount);
        this.pathPrefix = trimSlashes(pathPrefix);
        this.namespace = namespace;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String type() {
        return "vault";
    }

    @Override
    public boolean keepsAfterReveal() {
        return true;
    }

    @Override
    public String put(String path, String value, Map<String, String> metadata) throws IOException, InterruptedException {
        String full = fullPath(path);
        ObjectNode body = JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        data.put(VALUE_FIELD, value);
        metadata.forEach(data::put);
        HttpResponse<String> response = send(request("/v1/" + mount + "/data/" + encode(full))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Vault refused the write to " + mount + "/" + full + ": HTTP " + response.statusCode()
                    + errors(response.body()));
        }
        return REF_PREFIX + mount + "/" + full;
    }

    @Override
    public Optional<String> get(String ref) throws IOException, InterruptedException {
        String full = pathOf(ref);
        HttpResponse<String> response = send(request("/v1/" + mount + "/data/" + encode(full)).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Vault refused the read of " + mount + "/" + full + ": HTTP " + response.statusCode()
                    + errors(response.body()));
        }
        JsonNode value = JSON.readTree(response.body()).path("data").path("data").path(VALUE_FIELD);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    @Override
    public void delete(String ref) throws IOException, InterruptedException {
        String full = pathOf(ref);
        HttpResponse<String> response = send(request("/v1/" + mount + "/metadata/" + encode(full)).DELETE());
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw new IOException("Vault refused the delete of " + mount + "/" + full + ": HTTP " + response.statusCode()
                    + errors(response.body()));
        }
    }

    private String fullPath(String path) {
        return pathPrefix.isEmpty() ? trimSlashes(path) : pathPrefix + "/" + trimSlashes(path);
    }

    private String pathOf(String ref) {
        String prefix = REF_PREFIX + mount + "/";
        if (!ref.startsWith(prefix)) {
            throw new IllegalArgumentException("not a ref of this Vault mount: " + ref);
        }
        return ref.substring(prefix.length());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("X-Vault-Token", token.get());
        if (namespace != null && !namespace.isBlank()) {
            b.header("X-Vault-Namespace", namespace);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Vault's {@code errors} array, which never echoes the token or the value. */
    private static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder sb = new StringBuilder(": ");
                errors.forEach(e -> sb.append(e.asText()).append("; "));
                return sb.substring(0, Math.min(sb.length() - 2, 300));
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: say nothing more
        }
        return "";
    }

    private static String encode(String path) {
        return Arrays.stream(path.split("/")).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String trimSlashes(String s) {
        String v = s == null ? "" : s.trim();
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
