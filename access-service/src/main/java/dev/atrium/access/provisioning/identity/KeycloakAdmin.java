package dev.atrium.access.provisioning.identity;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few Keycloak admin REST calls group provisioning needs, authenticated with the client-credentials token
 * of a service account holding realm-management {@code view-users}, {@code manage-users} and
 * {@code query-groups}. Errors name the call and status, never a token.
 */
public class KeycloakAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final String url;
    private final String realm;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final HttpClient http;
    private String token;
    private long tokenExpiresAtMillis;

    public KeycloakAdmin(String url, String realm, String clientId, String clientSecret, Duration timeout) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.realm = realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A group by its full path ({@code /ai-access-code-llm}), with its attributes. */
    public Optional<JsonNode> groupByPath(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = call("GET", "/group-by-path" + encodePath(path), null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(r, "GET /group-by-path"));
    }

    /**
     * The group named exactly {@code name} anywhere in the tree: the top-level one first, else the only nested
     * one; empty when there is none or the name is ambiguous.
     */
    public Optional<JsonNode> groupByName(String name) throws IOException, InterruptedException {
        Optional<JsonNode> top = groupByPath("/" + name);
        if (top.isPresent()) {
            return top;
        }
        HttpResponse<String> r = call("GET", "/groups?exact=true&briefRepresentation=true&search=" + enc(name), null);
        List<JsonNode> matches = new ArrayList<>();
        collect(parse(r, "GET /groups?search"), name, matches);
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private static void collect(JsonNode groups, String name, List<JsonNode> into) {
        for (JsonNode g : groups) {
            if (name.equals(g.path("name").asText())) {
                into.add(g);
            }
            collect(g.path("subGroups"), name, into);
        }
    }

    /** Creates a top-level group and returns its id; an existing one of that name is returned instead. */
    public String createGroup(String name) throws IOException, InterruptedException {
        ObjectNode rep = JSON.createObjectNode().put("name", name);
        HttpResponse<String> r = call("POST", "/groups", rep.toString());
        if (r.statusCode() == 409) {
            return groupByPath("/" + name).map(g -> g.path("id").asText())
                    .orElseThrow(() -> new IOException("Keycloak reported group " + name + " as existing but it cannot be read"));
        }
        if (r.statusCode() != 201) {
            throw failure("POST /groups", r);
        }
        String location = r.headers().firstValue("Location").orElse("");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Replaces a group's attribute {@code name} with {@code values}, keeping its other attributes. */
    public void setAttribute(JsonNode group, String name, List<String> values) throws IOException, InterruptedException {
        ObjectNode rep = JSON.createObjectNode();
        rep.put("name", group.path("name").asText());
        ObjectNode attributes = rep.putObject("attributes");
        group.path("attributes").properties().forEach(e -> attributes.set(e.getKey(), e.getValue()));
        var array = attributes.putArray(name);
        values.forEach(array::add);
        HttpResponse<String> r = call("PUT", "/groups/" + group.path("id").asText(), rep.toString());
        if (r.statusCode() / 100 != 2) {
            throw failure("PUT /groups/{id}", r);
        }
    }

    /** Renames a group (its id, members and attributes stay). */
    public void renameGroup(String groupId, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = call("PUT", "/groups/" + groupId, JSON.createObjectNode().put("name", name).toString());
        if (r.statusCode() / 100 != 2) {
            throw failure("PUT /groups/{id}", r);
        }
    }

    /** Ids of every user who is a direct member of the group. */
    public List<String> memberIds(String groupId) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int first = 0; ; first += PAGE) {
            HttpResponse<String> r = call("GET", "/groups/" + groupId + "/members?briefRepresentation=true&first=" + first
                    + "&max=" + PAGE, null);
            JsonNode page = parse(r, "GET /groups/{id}/members");
            page.forEach(u -> ids.add(u.path("id").asText()));
            if (page.size() < PAGE) {
                return ids;
            }
        }
    }

    /** Makes the user a member of the group (no-op when already one). */
    public void addMember(String userId, String groupId) throws IOException, InterruptedException {
        HttpResponse<String> r = call("PUT", "/users/" + userId + "/groups/" + groupId, null);
        if (r.statusCode() / 100 != 2) {
            throw failure("PUT /users/{id}/groups/{group}", r);
        }
    }

    /** Removes the user from the group (no-op when not a member). */
    public void removeMember(String userId, String groupId) throws IOException, InterruptedException {
        HttpResponse<String> r = call("DELETE", "/users/" + userId + "/groups/" + groupId, null);
        if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
            throw failure("DELETE /users/{id}/groups/{group}", r);
        }
    }

    /** The user's id, by exact user name. */
    public Optional<String> userId(String username) throws IOException, InterruptedException {
        HttpResponse<String> r = call("GET", "/users?exact=true&briefRepresentation=true&username=" + enc(username), null);
        JsonNode users = parse(r, "GET /users");
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0).path("id").asText());
    }

    /** Paths of the groups the user is a direct member of. */
    public List<String> groupPathsOf(String userId) throws IOException, InterruptedException {
        List<String> paths = new ArrayList<>();
        parse(call("GET", "/users/" + userId + "/groups?briefRepresentation=true&max=1000", null), "GET /users/{id}/groups")
                .forEach(g -> paths.add(g.path("path").asText()));
        return paths;
    }

    /** Ids of the top-level groups whose name starts with {@code prefix} (at most 1000). */
    public List<String> topLevelGroupIds(String prefix) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        HttpResponse<String> r = call("GET", "/groups?briefRepresentation=true&max=1000&search=" + enc(prefix), null);
        for (JsonNode g : parse(r, "GET /groups?search")) {
            if (g.path("name").asText().startsWith(prefix)) {
                ids.add(g.path("id").asText());
            }
        }
        return ids;
    }

    /** Deletes a group (used by tests to clean up); no-op when it does not exist. */
    public void deleteGroup(String groupId) throws IOException, InterruptedException {
        HttpResponse<String> r = call("DELETE", "/groups/" + groupId, null);
        if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
            throw failure("DELETE /groups/{id}", r);
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + enc(realm) + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
            synchronized (this) {
                token = null;
            }
        }
        return r;
    }

    private synchronized String token() throws IOException, InterruptedException {
        if (token != null && System.currentTimeMillis() < tokenExpiresAtMillis) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/realms/" + enc(realm) + "/protocol/openid-connect/token"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Keycloak refused the client-credentials token for " + clientId + ": HTTP " + r.statusCode());
        }
        JsonNode answer = JSON.readTree(r.body());
        token = answer.path("access_token").asText();
        long expiresIn = answer.path("expires_in").asLong(60);
        tokenExpiresAtMillis = System.currentTimeMillis() + Math.max(5, expiresIn - 15) * 1000;
        return token;
    }

    private static JsonNode parse(HttpResponse<String> r, String call) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw failure(call, r);
        }
        return JSON.readTree(r.body());
    }

    private static IOException failure(String call, HttpResponse<String> r) {
        String hint = r.statusCode() == 403 ? " (the service account needs realm-management view-users, manage-users, query-groups)" : "";
        return new IOException("Keycloak admin API " + call + " answered HTTP " + r.statusCode() + hint);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                sb.append('/').append(enc(segment));
            }
        }
        return sb.toString();
    }
}
