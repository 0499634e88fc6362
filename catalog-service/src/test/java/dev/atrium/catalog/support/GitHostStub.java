package dev.atrium.catalog.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small server that answers the way the GitHub and GitLab APIs do (raw file contents, tree
 * listings, 404 without the right token, redirects), serving files the tests write under
 * {@link #ROOT}: {@code github/<owner>/<repo>/<ref>/<path>} and {@code gitlab/<project path>/<ref>/<path>}.
 * The catalog's git-host configuration points at it; tokens come from secret files.
 */
public class GitHostStub implements QuarkusTestResourceLifecycleManager {
    public static final Path ROOT = Path.of("target/git-host-stub").toAbsolutePath();
    public static final String GITHUB_TOKEN = "ghp_stubGithubToken0123456789";
    public static final String GITLAB_TOKEN = "glpat-stubGitlabToken0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(ROOT);
            Files.writeString(ROOT.resolve("github-token"), GITHUB_TOKEN + "\n");
            Files.writeString(ROOT.resolve("gitlab-token"), GITLAB_TOKEN + "\n");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/github/api/v3/", this::github);
            server.createContext("/gitlab/api/v4/", this::gitlab);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
            port = server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("atrium.catalog.git-hosts.github.host", "github.com");
        config.put("atrium.catalog.git-hosts.github.type", "github");
        config.put("atrium.catalog.git-hosts.github.api-base-url", "http://127.0.0.1:" + port + "/github/api/v3");
        config.put("atrium.catalog.git-hosts.github.token-file", ROOT.resolve("github-token").toString());
        config.put("atrium.catalog.git-hosts.gitlab.host", "gitlab.com");
        config.put("atrium.catalog.git-hosts.gitlab.type", "gitlab");
        config.put("atrium.catalog.git-hosts.gitlab.api-base-url", "http://127.0.0.1:" + port + "/gitlab/api/v4");
        config.put("atrium.catalog.git-hosts.gitlab.token-file", ROOT.resolve("gitlab-token").toString());
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** {@code /repos/{owner}/{repo}/contents/{path}?ref=} (raw media type) and {@code /repos/{owner}/{repo}/git/trees/{ref}}. */
    private void github(HttpExchange x) throws IOException {
        String rest = x.getRequestURI().getRawPath().substring("/github/api/v3/repos/".length());
        String[] seg = rest.split("/", 4);
        if (!("Bearer " + GITHUB_TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 404, "{\"message\":\"Not Found\"}"); // GitHub hides private repositories from anonymous callers
            return;
        }
        if (seg.length < 4) {
            send(x, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        String owner = seg[0];
        String repo = seg[1];
        String query = x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery();
        if (owner.equals("moved")) {
            redirect(x, "/github/api/v3/repos/acme/" + repo + "/" + seg[2] + "/" + seg[3] + query);
            return;
        }
        if (owner.equals("away")) {
            redirect(x, "http://localhost:" + port + "/github/api/v3/repos/acme/" + repo + "/" + seg[2] + "/" + seg[3] + query);
            return;
        }
        if (seg[2].equals("contents")) {
            String ref = param(x, "ref", "main");
            Path file = ROOT.resolve("github").resolve(owner).resolve(repo).resolve(ref).resolve(decode(seg[3])).normalize();
            if (!Files.isRegularFile(file) || !file.startsWith(ROOT)) {
                send(x, 404, "{\"message\":\"Not Found\"}");
            } else if ("application/vnd.github.raw".equals(x.getRequestHeaders().getFirst("Accept"))) {
                send(x, 200, Files.readAllBytes(file));
            } else {
                ObjectNode meta = JSON.createObjectNode().put("type", "file").put("encoding", "base64")
                        .put("content", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                send(x, 200, meta.toString());
            }
        } else if (seg[2].equals("git") && seg[3].startsWith("trees/")) {
            String ref = decode(seg[3].substring("trees/".length()));
            Path dir = ROOT.resolve("github").resolve(owner).resolve(repo).resolve(ref.equals("HEAD") ? "main" : ref);
            ObjectNode answer = JSON.createObjectNode().put("sha", "0000").put("truncated", false);
            ArrayNode tree = answer.putArray("tree");
            listing(dir).forEach((path, isFile) -> tree.addObject().put("path", path).put("type", isFile ? "blob" : "tree"));
            send(x, Files.isDirectory(dir) ? 200 : 404, answer.toString());
        } else {
            send(x, 404, "{\"message\":\"Not Found\"}");
        }
    }

    /** {@code /projects/{id}/repository/files/{path}/raw?ref=} and {@code /projects/{id}/repository/tree?recursive=true&ref=}. */
    private void gitlab(HttpExchange x) throws IOException {
        if (!GITLAB_TOKEN.equals(x.getRequestHeaders().getFirst("PRIVATE-TOKEN"))) {
            send(x, 404, "{\"message\":\"404 Project Not Found\"}");
            return;
        }
        String rest = x.getRequestURI().getRawPath().substring("/gitlab/api/v4/projects/".length());
        int slash = rest.indexOf('/');
        String project = decode(rest.substring(0, slash));
        String after = rest.substring(slash);
        String ref = param(x, "ref", "main");
        Path base = ROOT.resolve("gitlab").resolve(project).resolve(ref.equals("HEAD") ? "main" : ref);
        if (after.startsWith("/repository/files/") && after.endsWith("/raw")) {
            String path = decode(after.substring("/repository/files/".length(), after.length() - "/raw".length()));
            Path file = base.resolve(path).normalize();
            if (!Files.isRegularFile(file) || !file.startsWith(ROOT)) {
                send(x, 404, "{\"message\":\"404 File Not Found\"}");
            } else {
                send(x, 200, Files.readAllBytes(file));
            }
        } else if (after.equals("/repository/tree")) {
            ArrayNode tree = JSON.createArrayNode();
            listing(base).forEach((path, isFile) -> tree.addObject().put("path", path).put("type", isFile ? "blob" : "tree"));
            send(x, Files.isDirectory(base) ? 200 : 404, tree.toString());
        } else {
            send(x, 404, "{\"message\":\"404 Not Found\"}");
        }
    }

    private static Map<String, Boolean> listing(Path dir) throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted().toList()) {
                if (!p.equals(dir)) {
                    out.put(dir.relativize(p).toString(), Files.isRegularFile(p));
                }
            }
        }
        return out;
    }

    private static String param(HttpExchange x, String name, String fallback) {
        String q = x.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return decode(kv.substring(name.length() + 1));
                }
            }
        }
        return fallback;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        send(x, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    /** Writes a file of a stub repository, e.g. {@code write("github/acme/payments/main/catalog-info.yaml", yaml)}. */
    public static Path write(String path, String content) {
        try {
            Path p = ROOT.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
