package dev.atrium.catalog.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.error.ServiceUnavailableError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Reads the raw bytes of location targets of type {@code file}, {@code url} or {@code git},
 * enforcing the file roots, the SSRF guard (with connections pinned to the checked address), the
 * size limits and the read budget of a pass. Git-host web URLs are read through the host's API.
 */
@ApplicationScoped
public class LocationReader {
    public static final List<String> TYPES = List.of("file", "url", "git");
    private static final Pattern ABSOLUTE_URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CatalogConfig config;

    /** Where host tokens named by {@code token-env} come from (the process environment). */
    Function<String, String> env = System::getenv;

    private volatile GitHosts gitHosts;

    /** The bytes of one target, and the location key they were read from. */
    public record Content(String locationKey, byte[] bytes) {
    }

    GitHosts gitHosts() {
        if (gitHosts == null) {
            gitHosts = new GitHosts(config.gitHosts());
        }
        return gitHosts;
    }

    UrlGuard urlGuard() {
        return new UrlGuard(config.reading().urlAllowedHosts().orElse(List.of()));
    }

    /** Checks a type/target pair is well-formed and permitted, without reading it. */
    public void checkTarget(String type, String target) {
        if (type == null || !TYPES.contains(type)) {
            throw new InputError("Unknown location type \"" + type + "\"; expected one of " + TYPES);
        }
        if (target == null || target.isBlank()) {
            throw new InputError("Location target must not be empty");
        }
        switch (type) {
            case "file" -> resolveFile(target);
            case "url" -> {
                URI uri = UrlGuard.parse(target);
                if (gitHosts().parse(uri).isEmpty()) {
                    urlGuard().resolve(target);
                }
            }
            default -> gitTarget(target);
        }
    }

    /** Reads one target with the budget of a fresh pass. */
    public Content read(String type, String target) {
        try (Session s = open(ReadBudget.forPass(config.reading()))) {
            return s.read(type, target);
        }
    }

    /** Opens a reading session for one pass: shared budget, repositories cloned once. Close it. */
    public Session open(ReadBudget budget) {
        return new Session(budget);
    }

    /** Resolves a (possibly relative) target against the location key of the file that names it. */
    public static String resolve(String type, String target, String baseLocationKey) {
        if (target.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InputError("Target contains control characters");
        }
        if (baseLocationKey == null || !baseLocationKey.startsWith(type + ":")) {
            return target;
        }
        String base = baseLocationKey.substring(type.length() + 1);
        try {
            switch (type) {
                case "file":
                    return Path.of(target).isAbsolute() ? target : Path.of(base).resolveSibling(target).normalize().toString();
                case "url":
                    URI b = new URI(base);
                    URI resolved = b.resolve(new URI(target));
                    // Bitbucket Server names the branch in ?at=; a relative path stays on it
                    if (b.getRawQuery() != null && b.getRawQuery().startsWith("at=") && !target.contains("?") && !ABSOLUTE_URL.matcher(target).matches()) {
                        return resolved + "?" + b.getRawQuery();
                    }
                    return resolved.toString();
                case "git":
                    if (target.contains("://")) {
                        return target;
                    }
                    GitTarget g = GitTarget.parse(base);
                    String path = Path.of("/" + g.path()).resolveSibling(target).normalize().toString().substring(1);
                    return g.withPath(path).toString();
                default:
                    return target;
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new InputError("Target \"" + target + "\" is not a valid " + type + " target");
        }
    }

    /** The real path of a file target, when it is under the file roots. */
    public Path resolveFile(String target) {
        List<String> roots = config.fileRoots().orElse(List.of()).stream().filter(r -> !r.isBlank()).toList();
        if (roots.isEmpty()) {
            throw new NotAllowedError("File locations are disabled: no atrium.catalog.file-roots configured");
        }
        if (target.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InputError("File location target contains control characters");
        }
        Path p;
        try {
            p = Path.of(target.startsWith("file://") ? URI.create(target).getPath() : target);
        } catch (IllegalArgumentException e) {
            throw new InputError("File location target is not a valid path: " + target);
        }
        if (!p.isAbsolute()) {
            throw new InputError("File location target must be an absolute path: " + target);
        }
        Path normalized = p.normalize();
        for (String r : roots) {
            Path root = Path.of(r).toAbsolutePath().normalize();
            if (normalized.startsWith(root)) {
                try {
                    Path real = normalized.toRealPath();
                    if (!real.startsWith(root.toRealPath())) {
                        throw new NotAllowedError("File location " + target + " escapes the allowed roots through a link");
                    }
                    return real;
                } catch (IOException e) {
                    throw new NotFoundError("Unable to read file " + target + ", file does not exist");
                }
            }
        }
        throw new NotAllowedError("File location " + target + " is outside the allowed roots");
    }

    /** Parses a git target and checks where it may be cloned from. */
    public GitTarget gitTarget(String target) {
        GitTarget g = GitTarget.parse(target);
        if (g.cloneUrl().startsWith("file://")) {
            resolveFile(URI.create(g.cloneUrl()).getPath());
            return g;
        }
        URI u = urlGuard().check(g.cloneUrl());
        String host = UrlGuard.bareHost(u);
        if (gitAllowedHosts().stream().noneMatch(host::equals)) {
            throw new NotAllowedError("Git host " + u.getHost() + " is not in atrium.catalog.reading.git-allowed-hosts");
        }
        boolean trusted = config.reading().urlAllowedHosts().orElse(List.of()).stream().anyMatch(h -> h.trim().equalsIgnoreCase(host));
        if (!u.getScheme().equalsIgnoreCase("https") && !trusted) {
            throw new NotAllowedError("Git repositories are cloned over https (plain http only from hosts in atrium.catalog.reading.url-allowed-hosts)");
        }
        return g;
    }

    private Set<String> gitAllowedHosts() {
        return config.reading().gitAllowedHosts().orElse(List.of()).stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toSet());
    }

    /**
     * One pass of reading: every target and placeholder it reads counts against one budget, a
     * repository is cloned once for all of them, and a placeholder file read twice is read once.
     */
    public final class Session implements AutoCloseable {
        private final ReadBudget budget;
        private final Map<String, GitClone> clones = new HashMap<>();
        private final Map<String, byte[]> referenced = new HashMap<>();

        Session(ReadBudget budget) {
            this.budget = budget;
        }

        public ReadBudget budget() {
            return budget;
        }

        /** Reads a target; relative targets must already be resolved (see {@link #resolve}). */
        public Content read(String type, String target) {
            budget.countTarget();
            return switch (type) {
                case "file" -> new Content("file:" + target, readFile(resolveFile(target), target));
                case "url" -> readUrl(target);
                case "git" -> readGit(gitTarget(target));
                default -> throw new InputError("Unknown location type \"" + type + "\"");
            };
        }

        /**
         * Reads a file a placeholder names: an http(s) URL, or a path resolved against the file
         * holding the placeholder (under the same rules as that file's location type).
         */
        public Content readReferenced(String fileLocationKey, String value) {
            int colon = fileLocationKey.indexOf(':');
            String baseType = fileLocationKey.substring(0, colon);
            String type;
            String target;
            if (ABSOLUTE_URL.matcher(value).matches()) {
                String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new NotAllowedError("Placeholders read http(s) URLs or paths relative to their file, not " + scheme + " URLs");
                }
                type = "url";
                target = value;
            } else {
                type = baseType;
                target = resolve(baseType, value, fileLocationKey);
            }
            String key = type + ":" + target;
            byte[] cached = referenced.get(key);
            if (cached != null) {
                return new Content(key, cached);
            }
            Content c = switch (type) {
                case "file" -> new Content(key, readFile(resolveFile(target), target));
                case "url" -> readUrl(target);
                default -> readGit(gitTarget(target));
            };
            referenced.put(key, c.bytes());
            return c;
        }

        private byte[] readFile(Path p, String target) {
            try {
                if (!Files.isRegularFile(p)) {
                    throw new NotFoundError("Unable to read file " + target + ", not a regular file");
                }
                long size = Files.size(p);
                if (size > config.reading().maxBytes()) {
                    throw new PayloadTooLargeError("File " + target + " is " + size + " bytes, over the limit of "
                            + config.reading().maxBytes() + " bytes");
                }
                budget.countBytes(size);
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new NotFoundError("Unable to read file " + target);
            }
        }

        private Content readUrl(String target) {
            URI uri = UrlGuard.parse(target);
            Optional<GitHosts.HostFile> hostFile = gitHosts().parse(uri);
            if (hostFile.isPresent()) {
                GitHosts.HostFile f = hostFile.get();
                GitHosts.HostFile file = f.directory() ? f.withPath(f.path().isEmpty() ? "catalog-info.yaml" : f.path() + "/catalog-info.yaml", false) : f;
                String web = GitHosts.webUrl(file, file.path());
                byte[] bytes = fetch(gitHosts().rawUrl(file), GitHosts.headers(file.host(), true, env), true, web);
                return new Content("url:" + web, bytes);
            }
            return new Content("url:" + target, fetch(uri, Map.of(), false, target));
        }

        /** A repository on a git host, through its API: its files and their bytes. */
        RepoView hostRepository(GitHosts.HostFile f) {
            GitHosts.HostFile root = f.withPath("", true);
            return new RepoView() {
                @Override
                public String type() {
                    return "url";
                }

                @Override
                public String name() {
                    return root.repo().substring(root.repo().lastIndexOf('/') + 1);
                }

                @Override
                public Optional<byte[]> read(String path) {
                    GitHosts.HostFile file = root.withPath(path, false);
                    try {
                        return Optional.of(fetch(gitHosts().rawUrl(file), GitHosts.headers(root.host(), true, env), true, GitHosts.webUrl(file, path)));
                    } catch (NotFoundError e) {
                        return Optional.empty();
                    }
                }

                @Override
                public List<String> files(int depth) {
                    byte[] answer = fetch(gitHosts().listUrl(root), GitHosts.headers(root.host(), false, env), true, "the file list of " + root.web());
                    try {
                        JsonNode tree = JSON.readTree(answer);
                        return GitHosts.listedFiles(root.host().type(), tree).stream()
                                .filter(p -> p.split("/").length <= depth).toList();
                    } catch (IOException e) {
                        throw new ServiceUnavailableError("The file list of " + root.web() + " is not JSON");
                    }
                }

                @Override
                public String target(String path) {
                    return GitHosts.webUrl(root, path);
                }
            };
        }

        /**
         * A repository or directory to analyze: a file-location directory, a git repository, or a
         * repository URL of a configured git host. Empty for a url that is not one.
         */
        public Optional<RepoView> repository(String type, String target) {
            switch (type) {
                case "file" -> {
                    Path dir = resolveFile(target);
                    return Files.isDirectory(dir) ? Optional.of(directory(dir)) : Optional.empty();
                }
                case "git" -> {
                    GitTarget g = gitTarget(target);
                    GitClone clone = clone(g);
                    return Optional.of(new RepoView() {
                        @Override
                        public String type() {
                            return "git";
                        }

                        @Override
                        public String name() {
                            return clone.name();
                        }

                        @Override
                        public Optional<byte[]> read(String path) {
                            try {
                                return clone.read(path, config.reading().maxBytes());
                            } catch (NotFoundError | PayloadTooLargeError e) {
                                return Optional.empty(); // a link out of the repository, or too large: not a file to analyze
                            }
                        }

                        @Override
                        public List<String> files(int depth) {
                            return clone.files(depth);
                        }

                        @Override
                        public String target(String path) {
                            return g.withPath(path).toString();
                        }
                    });
                }
                default -> {
                    return gitHosts().parse(UrlGuard.parse(target)).filter(GitHosts.HostFile::directory).map(this::hostRepository);
                }
            }
        }

        private RepoView directory(Path dir) {
            long maxBytes = config.reading().maxBytes();
            return new RepoView() {
                @Override
                public String type() {
                    return "file";
                }

                @Override
                public String name() {
                    return dir.getFileName() == null ? "component" : dir.getFileName().toString();
                }

                @Override
                public Optional<byte[]> read(String path) {
                    Path p = dir.resolve(path).normalize();
                    try {
                        // links are not followed: a link in a scanned directory must not read outside it
                        if (!p.startsWith(dir) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > maxBytes) {
                            return Optional.empty();
                        }
                        budget.countBytes(Files.size(p));
                        return Optional.of(Files.readAllBytes(p));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }

                @Override
                public List<String> files(int depth) {
                    try (Stream<Path> files = Files.walk(dir, depth)) {
                        return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                                .map(f -> dir.relativize(f).toString()).sorted().toList();
                    } catch (IOException | java.io.UncheckedIOException e) {
                        throw new NotFoundError("Unable to list directory " + dir.getFileName());
                    }
                }

                @Override
                public String target(String path) {
                    return dir.resolve(path).toString();
                }
            };
        }

        private Content readGit(GitTarget g) {
            GitClone clone = clone(g);
            byte[] bytes = clone.read(g.path(), config.reading().maxBytes())
                    .orElseThrow(() -> new NotFoundError("No file " + g.path() + " in repository " + g.cloneUrl()));
            budget.countBytes(bytes.length);
            return new Content("git:" + g, bytes);
        }

        private GitClone clone(GitTarget g) {
            GitClone clone = clones.get(g.repositoryKey());
            if (clone != null) {
                return clone;
            }
            Duration timeout = budget.remaining(config.reading().timeout());
            GuardedGitConnections connections = null;
            UsernamePasswordCredentialsProvider credentials = null;
            if (!g.cloneUrl().startsWith("file://")) {
                URI u = URI.create(g.cloneUrl());
                UrlGuard guard = urlGuard();
                connections = new GuardedGitConnections(gitAllowedHosts(), guard::resolve, config.reading().maxRepositoryBytes());
                Optional<GitHosts.Host> host = gitHosts().host(UrlGuard.bareHost(u));
                if (host.isPresent()) {
                    Optional<String> token = GitHosts.token(host.get(), env);
                    if (token.isPresent()) {
                        credentials = new UsernamePasswordCredentialsProvider(GitHosts.cloneUser(host.get()), token.get());
                    }
                }
            }
            clone = GitClone.clone(g, new GitClone.Limits(config.reading().maxRepositoryBytes(), timeout), credentials, connections);
            clones.put(g.repositoryKey(), clone);
            return clone;
        }

        /**
         * GETs a URL, following redirects only to the same host, a git host's API or an allowed
         * redirect host; credentials never leave the host they are for.
         *
         * @param trusted whether {@code uri} is an operator-configured API base (not subject to the address check)
         */
        private byte[] fetch(URI uri, Map<String, String> headers, boolean trusted, String what) {
            long deadline = System.nanoTime() + budget.remaining(config.reading().timeout()).toNanos();
            Map<String, String> h = new LinkedHashMap<>(headers);
            URI current = uri;
            boolean trust = trusted;
            for (int hop = 0; hop <= config.reading().maxRedirects(); hop++) {
                UrlGuard.Checked checked = trust ? resolveTrusted(current) : urlGuard().resolve(current.toString());
                HttpFetch.Response r;
                try {
                    r = HttpFetch.get(checked, h, config.reading().maxBytes(), deadline, "Url " + what);
                } catch (HttpFetch.Timeout e) {
                    throw new ServiceUnavailableError("Reading " + what + " took longer than " + config.reading().timeout().toSeconds()
                            + " s (atrium.catalog.reading.timeout)");
                } catch (IOException | IllegalArgumentException e) {
                    throw new ServiceUnavailableError("Unable to read " + what + ": the connection failed");
                }
                if (r.status() / 100 == 3 && r.header("location") != null) {
                    URI next;
                    try {
                        next = UrlGuard.parse(current.resolve(new URI(r.header("location"))).toString());
                    } catch (java.net.URISyntaxException | AtriumError e) {
                        throw new InputError("Unable to read " + what + ": it redirects to an invalid URL");
                    }
                    String from = UrlGuard.bareHost(current);
                    String to = UrlGuard.bareHost(next);
                    if (!to.equals(from)) {
                        if (!redirectAllowed(to)) {
                            throw new NotAllowedError("Unable to read " + what + ": it redirects to " + next.getHost()
                                    + ", which is not in atrium.catalog.reading.redirect-allowed-hosts");
                        }
                        h.remove("Authorization");
                        h.remove("PRIVATE-TOKEN");
                        trust = false;
                    }
                    current = next;
                    continue;
                }
                if (r.status() == 404 || r.status() == 401 || r.status() == 403) {
                    throw new NotFoundError("Unable to read " + what + ", got " + r.status()
                            + (r.status() == 404 ? " Not Found" : " (check the credentials configured for the host)"));
                }
                if (r.status() != 200) {
                    throw new ServiceUnavailableError("Unable to read " + what + ", got HTTP " + r.status());
                }
                budget.countBytes(r.body().length);
                return r.body();
            }
            throw new InputError("Unable to read " + what + ": more than " + config.reading().maxRedirects() + " redirects");
        }

        private boolean redirectAllowed(String host) {
            return config.reading().redirectAllowedHosts().orElse(List.of()).stream().anyMatch(x -> x.trim().equalsIgnoreCase(host))
                    || gitHosts().isApiHost(host);
        }

        @Override
        public void close() {
            clones.values().forEach(GitClone::close);
            clones.clear();
            referenced.clear();
        }
    }

    /** An operator-configured API host: resolved once, not subject to the public-address check. */
    private static UrlGuard.Checked resolveTrusted(URI uri) {
        try {
            return new UrlGuard.Checked(uri, List.of(InetAddress.getAllByName(UrlGuard.bareHost(uri))));
        } catch (UnknownHostException e) {
            throw new ServiceUnavailableError("Unknown host " + uri.getHost() + " (a configured git host API)");
        }
    }
}
