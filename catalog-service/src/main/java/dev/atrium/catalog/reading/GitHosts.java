package dev.atrium.catalog.reading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.InputError;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Git hosts whose web URLs ({@code blob}/{@code tree} and their GitLab, Bitbucket and Gitea forms,
 * or a bare repository URL) are read through the host's API, with per-host credentials.
 */
public final class GitHosts {
    private static final int MAX_TOKEN_BYTES = 16 * 1024;

    /** Kinds of git host; each has its own URL shapes and API. */
    public enum Type {
        GITHUB, GITLAB, BITBUCKET, BITBUCKET_SERVER, GITEA;

        static Type of(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Unknown git host type \"" + s + "\"; expected github, gitlab, bitbucket, bitbucket-server or gitea");
            }
        }
    }

    /** One configured host. The credential is named (env var or file), never held in the configuration. */
    public record Host(String host, Type type, URI apiBase, Optional<String> username, Optional<String> tokenEnv,
            Optional<String> tokenFile) {
        @Override
        public String toString() {
            return type + " " + host + " via " + apiBase;
        }
    }

    /**
     * A file or directory of a repository on a git host.
     *
     * @param repo {@code owner/name} (GitHub, Gitea, Bitbucket), the project path (GitLab) or
     *             {@code projects/P/repos/R} (Bitbucket Server)
     * @param ref branch, tag or commit; null for the default branch
     * @param path path inside the repository, {@code ""} for the root
     * @param directory whether the URL names a directory (then its catalog file is read)
     */
    public record HostFile(Host host, URI web, String repo, String ref, String refKind, String path, boolean directory) {
        HostFile withPath(String p, boolean dir) {
            return new HostFile(host, web, repo, ref, refKind, p, dir);
        }
    }

    private final Map<String, Host> byHost;

    public GitHosts(Map<String, CatalogConfig.GitHost> configured) {
        Map<String, Host> hosts = new LinkedHashMap<>();
        hosts.put("github.com", new Host("github.com", Type.GITHUB, URI.create("https://api.github.com"), Optional.empty(), Optional.empty(), Optional.empty()));
        hosts.put("gitlab.com", new Host("gitlab.com", Type.GITLAB, URI.create("https://gitlab.com/api/v4"), Optional.empty(), Optional.empty(), Optional.empty()));
        hosts.put("bitbucket.org", new Host("bitbucket.org", Type.BITBUCKET, URI.create("https://api.bitbucket.org/2.0"), Optional.empty(), Optional.empty(), Optional.empty()));
        for (CatalogConfig.GitHost c : configured.values()) {
            String host = c.host().trim().toLowerCase(Locale.ROOT);
            Type type = Type.of(c.type());
            URI api = URI.create(c.apiBaseUrl().map(String::trim).orElse(defaultApi(host, type)).replaceAll("/+$", ""));
            hosts.put(host, new Host(host, type, api, c.username(), c.tokenEnv(), c.tokenFile()));
        }
        this.byHost = Map.copyOf(hosts);
    }

    private static String defaultApi(String host, Type type) {
        return switch (type) {
            case GITHUB -> host.equals("github.com") ? "https://api.github.com" : "https://" + host + "/api/v3";
            case GITLAB -> "https://" + host + "/api/v4";
            case BITBUCKET -> host.equals("bitbucket.org") ? "https://api.bitbucket.org/2.0" : "https://" + host + "/2.0";
            case BITBUCKET_SERVER -> "https://" + host + "/rest/api/1.0";
            case GITEA -> "https://" + host + "/api/v1";
        };
    }

    /** The host configured for a name, e.g. for git clone credentials. */
    public Optional<Host> host(String name) {
        return Optional.ofNullable(byHost.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code host} is the API host of a configured git host (redirects back to it are followed). */
    boolean isApiHost(String host) {
        return byHost.values().stream().anyMatch(h -> UrlGuard.bareHost(h.apiBase()).equals(host));
    }

    /** Parses a web URL of a configured git host; empty for other hosts. */
    public Optional<HostFile> parse(URI web) {
        if (web.getHost() == null) {
            return Optional.empty();
        }
        Host h = byHost.get(UrlGuard.bareHost(web));
        if (h == null) {
            return Optional.empty();
        }
        List<String> seg = new ArrayList<>(Arrays.stream(web.getRawPath() == null ? new String[0] : web.getRawPath().split("/"))
                .filter(s -> !s.isEmpty()).map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList());
        boolean trailingSlash = web.getRawPath() != null && web.getRawPath().endsWith("/");
        HostFile f = switch (h.type()) {
            case GITHUB -> githubLike(h, web, seg, trailingSlash, "blob", "tree");
            case GITEA -> gitea(h, web, seg, trailingSlash);
            case GITLAB -> gitlab(h, web, seg, trailingSlash);
            case BITBUCKET -> bitbucket(h, web, seg, trailingSlash);
            case BITBUCKET_SERVER -> bitbucketServer(h, web, seg, trailingSlash);
        };
        if (f == null) {
            throw new InputError("Not a repository, file or directory URL of " + h.host() + ": " + web);
        }
        for (String part : f.path().split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new InputError("Repository paths must not contain . or .. segments: " + web);
            }
        }
        return Optional.of(f);
    }

    private static HostFile githubLike(Host h, URI web, List<String> seg, boolean slash, String blob, String tree) {
        if (seg.size() < 2) {
            return null;
        }
        String repo = seg.get(0) + "/" + seg.get(1).replaceAll("\\.git$", "");
        if (seg.size() == 2) {
            return new HostFile(h, web, repo, null, null, "", true);
        }
        if (seg.size() >= 4 && (seg.get(2).equals(blob) || seg.get(2).equals(tree))) {
            String path = String.join("/", seg.subList(4, seg.size()));
            return new HostFile(h, web, repo, seg.get(3), null, path, seg.get(2).equals(tree) || path.isEmpty());
        }
        return null;
    }

    private static HostFile gitea(Host h, URI web, List<String> seg, boolean slash) {
        if (seg.size() < 2) {
            return null;
        }
        String repo = seg.get(0) + "/" + seg.get(1).replaceAll("\\.git$", "");
        if (seg.size() == 2) {
            return new HostFile(h, web, repo, null, null, "", true);
        }
        if (seg.size() >= 5 && seg.get(2).equals("src") && List.of("branch", "tag", "commit").contains(seg.get(3))) {
            String path = String.join("/", seg.subList(5, seg.size()));
            return new HostFile(h, web, repo, seg.get(4), seg.get(3), path, slash || path.isEmpty());
        }
        return null;
    }

    private static HostFile gitlab(Host h, URI web, List<String> seg, boolean slash) {
        int dash = seg.indexOf("-");
        if (dash < 0) {
            return seg.size() >= 2 ? new HostFile(h, web, String.join("/", seg).replaceAll("\\.git$", ""), null, null, "", true) : null;
        }
        if (dash < 2 || seg.size() < dash + 3 || !(seg.get(dash + 1).equals("blob") || seg.get(dash + 1).equals("tree"))) {
            return null;
        }
        String path = String.join("/", seg.subList(dash + 3, seg.size()));
        return new HostFile(h, web, String.join("/", seg.subList(0, dash)), seg.get(dash + 2), null, path,
                seg.get(dash + 1).equals("tree") || path.isEmpty());
    }

    private static HostFile bitbucket(Host h, URI web, List<String> seg, boolean slash) {
        if (seg.size() < 2) {
            return null;
        }
        String repo = seg.get(0) + "/" + seg.get(1).replaceAll("\\.git$", "");
        if (seg.size() == 2) {
            return new HostFile(h, web, repo, null, null, "", true);
        }
        if (seg.size() >= 4 && seg.get(2).equals("src")) {
            String path = String.join("/", seg.subList(4, seg.size()));
            return new HostFile(h, web, repo, seg.get(3), null, path, slash || path.isEmpty());
        }
        return null;
    }

    private static HostFile bitbucketServer(Host h, URI web, List<String> seg, boolean slash) {
        if (seg.size() < 4 || !(seg.get(0).equals("projects") || seg.get(0).equals("users")) || !seg.get(2).equals("repos")) {
            return null;
        }
        String repo = String.join("/", seg.subList(0, 4));
        String ref = null;
        if (web.getRawQuery() != null) {
            for (String kv : web.getRawQuery().split("&")) {
                if (kv.startsWith("at=")) {
                    ref = URLDecoder.decode(kv.substring(3), StandardCharsets.UTF_8);
                }
            }
        }
        if (seg.size() == 4) {
            return new HostFile(h, web, repo, ref, null, "", true);
        }
        if (!seg.get(4).equals("browse")) {
            return null;
        }
        String path = String.join("/", seg.subList(5, seg.size()));
        return new HostFile(h, web, repo, ref, null, path, slash || path.isEmpty());
    }

    /** The API URL answering with the raw bytes of a file. */
    URI rawUrl(HostFile f) {
        String api = f.host().apiBase().toString();
        String ref = f.ref();
        return URI.create(switch (f.host().type()) {
            case GITHUB -> api + "/repos/" + segments(f.repo()) + "/contents/" + segments(f.path()) + (ref == null ? "" : "?ref=" + enc(ref));
            case GITLAB -> api + "/projects/" + enc(f.repo()) + "/repository/files/" + enc(f.path()) + "/raw?ref=" + enc(ref == null ? "HEAD" : ref);
            case BITBUCKET -> api + "/repositories/" + segments(f.repo()) + "/src/" + enc(ref == null ? "HEAD" : ref) + "/" + segments(f.path());
            case BITBUCKET_SERVER -> api + "/" + segments(f.repo()) + "/raw/" + segments(f.path()) + (ref == null ? "" : "?at=" + enc(ref));
            case GITEA -> api + "/repos/" + segments(f.repo()) + "/raw/" + segments(f.path()) + (ref == null ? "" : "?ref=" + enc(ref));
        });
    }

    /** The API URL listing the files of a repository (as deep as the API lists them in one answer). */
    URI listUrl(HostFile f) {
        String api = f.host().apiBase().toString();
        String ref = f.ref() == null ? "HEAD" : f.ref();
        return URI.create(switch (f.host().type()) {
            case GITHUB -> api + "/repos/" + segments(f.repo()) + "/git/trees/" + enc(ref) + "?recursive=1";
            case GITEA -> api + "/repos/" + segments(f.repo()) + "/git/trees/" + enc(ref) + "?recursive=true&per_page=1000";
            case GITLAB -> api + "/projects/" + enc(f.repo()) + "/repository/tree?recursive=true&per_page=100&ref=" + enc(ref);
            case BITBUCKET -> api + "/repositories/" + segments(f.repo()) + "/src/" + enc(ref) + "/?max_depth=3&pagelen=100";
            case BITBUCKET_SERVER -> api + "/" + segments(f.repo()) + "/files?limit=1000" + (f.ref() == null ? "" : "&at=" + enc(f.ref()));
        });
    }

    /** Regular-file paths from a listing answer of {@link #listUrl}. */
    static List<String> listedFiles(Type type, JsonNode answer) {
        List<String> out = new ArrayList<>();
        switch (type) {
            case GITHUB, GITEA -> answer.path("tree").forEach(e -> {
                if ("blob".equals(e.path("type").asText())) {
                    out.add(e.path("path").asText());
                }
            });
            case GITLAB -> answer.forEach(e -> {
                if ("blob".equals(e.path("type").asText())) {
                    out.add(e.path("path").asText());
                }
            });
            case BITBUCKET -> answer.path("values").forEach(e -> {
                if ("commit_file".equals(e.path("type").asText())) {
                    out.add(e.path("path").asText());
                }
            });
            case BITBUCKET_SERVER -> answer.path("values").forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    /** The web URL of a file, used as its location key so relative targets resolve next to it. */
    static String webUrl(HostFile f, String path) {
        URI w = f.web();
        String base = w.getScheme() + "://" + w.getRawAuthority();
        String ref = f.ref() == null ? "HEAD" : f.ref();
        String p = segments(path);
        return switch (f.host().type()) {
            case GITHUB -> base + "/" + segments(f.repo()) + "/blob/" + enc(ref) + "/" + p;
            case GITLAB -> base + "/" + segments(f.repo()) + "/-/blob/" + enc(ref) + "/" + p;
            case BITBUCKET -> base + "/" + segments(f.repo()) + "/src/" + enc(ref) + "/" + p;
            case BITBUCKET_SERVER -> base + "/" + segments(f.repo()) + "/browse/" + p + (f.ref() == null ? "" : "?at=" + enc(f.ref()));
            case GITEA -> base + "/" + segments(f.repo()) + "/src/" + (f.refKind() == null ? "branch" : f.refKind()) + "/" + enc(ref) + "/" + p;
        };
    }

    /** Headers for the API: the media type and, when the host has a token, its credentials. */
    static Map<String, String> headers(Host h, boolean raw, Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (h.type() == Type.GITHUB) {
            out.put("Accept", raw ? "application/vnd.github.raw" : "application/vnd.github+json");
        }
        Optional<String> token = token(h, env);
        token.ifPresent(t -> {
            switch (h.type()) {
                case GITHUB, BITBUCKET_SERVER -> out.put("Authorization", "Bearer " + t);
                case GITLAB -> out.put("PRIVATE-TOKEN", t);
                case GITEA -> out.put("Authorization", "token " + t);
                case BITBUCKET -> out.put("Authorization", h.username().isPresent()
                        ? "Basic " + Base64.getEncoder().encodeToString((h.username().get() + ":" + t).getBytes(StandardCharsets.UTF_8))
                        : "Bearer " + t);
            }
        });
        return out;
    }

    /** The host's token from its environment variable or secret file, read at each use. */
    static Optional<String> token(Host h, Function<String, String> env) {
        if (h.tokenEnv().isPresent()) {
            String v = env.apply(h.tokenEnv().get());
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        if (h.tokenFile().isPresent()) {
            try {
                Path p = Path.of(h.tokenFile().get());
                if (Files.isRegularFile(p) && Files.size(p) <= MAX_TOKEN_BYTES) {
                    String v = Files.readString(p).trim();
                    if (!v.isEmpty()) {
                        return Optional.of(v);
                    }
                }
            } catch (IOException e) {
                // an unreadable secret is the same as none: the host answers 401/404, which is reported
            }
        }
        return Optional.empty();
    }

    /** The user name git clones of this host send with its token. */
    static String cloneUser(Host h) {
        return h.username().orElse(switch (h.type()) {
            case GITHUB -> "x-access-token";
            case GITLAB -> "oauth2";
            case BITBUCKET -> "x-token-auth";
            case BITBUCKET_SERVER, GITEA -> "token";
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Each path segment encoded, slashes kept. */
    private static String segments(String path) {
        if (path.isEmpty()) {
            return "";
        }
        return String.join("/", Arrays.stream(path.split("/")).map(GitHosts::enc).toList());
    }
}
