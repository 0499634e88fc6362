package dev.atrium.catalog.location;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.error.ServiceUnavailableError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Reads the raw bytes of a location target of type {@code file}, {@code url} or {@code git},
 * enforcing the file roots, the SSRF guard and the size limits.
 */
@ApplicationScoped
public class LocationReader {
    public static final List<String> TYPES = List.of("file", "url", "git");

    @Inject
    CatalogConfig config;

    private HttpClient http;

    /** The bytes of one target, and the location key they were read from. */
    public record Content(String locationKey, byte[] bytes) {
    }

    HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(config.reading().timeout()).build();
        }
        return http;
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
            case "url" -> urlGuard().check(target);
            default -> GitTarget.parse(target, this);
        }
    }

    /** Reads a target. Relative targets must already be resolved (see {@link #resolve}). */
    public Content read(String type, String target) {
        return switch (type) {
            case "file" -> new Content("file:" + target, readFile(resolveFile(target)));
            case "url" -> new Content("url:" + target, readUrl(target));
            case "git" -> readGit(GitTarget.parse(target, this));
            default -> throw new InputError("Unknown location type \"" + type + "\"");
        };
    }

    /** Resolves a (possibly relative) target against the location key of the file that names it. */
    public static String resolve(String type, String target, String baseLocationKey) {
        if (baseLocationKey == null || !baseLocationKey.startsWith(type + ":")) {
            return target;
        }
        String base = baseLocationKey.substring(type.length() + 1);
        switch (type) {
            case "file":
                return Path.of(target).isAbsolute() ? target : Path.of(base).resolveSibling(target).normalize().toString();
            case "url":
                return URI.create(base).resolve(target).toString();
            case "git":
                if (target.contains("://")) {
                    return target;
                }
                GitTarget g = GitTarget.parseUnchecked(base);
                String path = Path.of("/" + g.path()).resolveSibling(target).normalize().toString().substring(1);
                return g.withPath(path).toString();
            default:
                return target;
        }
    }

    Path resolveFile(String target) {
        List<String> roots = config.fileRoots().orElse(List.of()).stream().filter(r -> !r.isBlank()).toList();
        if (roots.isEmpty()) {
            throw new NotAllowedError("File locations are disabled: no atrium.catalog.file-roots configured");
        }
        Path p = Path.of(target.startsWith("file://") ? URI.create(target).getPath() : target);
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

    private byte[] readFile(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                throw new NotFoundError("Unable to read file " + p + ", not a regular file");
            }
            if (Files.size(p) > config.reading().maxBytes()) {
                throw new PayloadTooLargeError("File " + p + " is " + Files.size(p) + " bytes, over the limit of "
                        + config.reading().maxBytes() + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new NotFoundError("Unable to read file " + p + ": " + e.getMessage());
        }
    }

    UrlGuard urlGuard() {
        return new UrlGuard(config.reading().urlAllowedHosts().orElse(List.of()));
    }

    private byte[] readUrl(String target) {
        URI uri = urlGuard().check(target);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(config.reading().timeout()).GET().build();
        try {
            HttpResponse<InputStream> resp = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() == 404) {
                    throw new NotFoundError("Unable to read url " + target + ", got 404 Not Found");
                }
                if (resp.statusCode() / 100 == 3) {
                    throw new InputError("Unable to read url " + target + ": redirects are not followed ("
                            + resp.headers().firstValue("location").orElse("?") + ")");
                }
                if (resp.statusCode() != 200) {
                    throw new ServiceUnavailableError("Unable to read url " + target + ", got HTTP " + resp.statusCode());
                }
                byte[] bytes = in.readNBytes(config.reading().maxBytes() + 1);
                if (bytes.length > config.reading().maxBytes()) {
                    throw new PayloadTooLargeError("Url " + target + " is over the limit of " + config.reading().maxBytes() + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new ServiceUnavailableError("Unable to read url " + target + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableError("Interrupted reading " + target);
        }
    }

    private Content readGit(GitTarget g) {
        return withCheckout(g, dir -> {
            Path file = dir.resolve(g.path()).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                throw new NotFoundError("No file " + g.path() + " in repository " + g.cloneUrl());
            }
            if (Files.size(file) > config.reading().maxBytes()) {
                throw new PayloadTooLargeError("File " + g.path() + " is over the limit of " + config.reading().maxBytes() + " bytes");
            }
            return new Content("git:" + g, Files.readAllBytes(file));
        });
    }

    /** Work on a checked-out working tree. */
    @FunctionalInterface
    public interface CheckoutWork<T> {
        T apply(Path workTree) throws IOException;
    }

    /** Shallow-clones a git target into a temporary directory, runs {@code work} on it and deletes it. */
    public <T> T withCheckout(GitTarget g, CheckoutWork<T> work) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("atrium-git-");
            var clone = Git.cloneRepository().setURI(g.cloneUrl()).setDirectory(dir.toFile()).setDepth(1)
                    .setCloneAllBranches(false).setTimeout((int) config.reading().timeout().toSeconds());
            if (g.ref() != null) {
                clone.setBranch(g.ref());
            }
            try (Git git = clone.call()) {
                long total;
                try (Stream<Path> files = Files.walk(dir)) {
                    total = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
                if (total > config.reading().maxRepositoryBytes()) {
                    throw new PayloadTooLargeError("Repository " + g.cloneUrl() + " is over the limit of "
                            + config.reading().maxRepositoryBytes() + " bytes");
                }
                return work.apply(dir.toRealPath());
            }
        } catch (GitAPIException e) {
            throw new NotFoundError("Unable to clone " + g.cloneUrl() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ServiceUnavailableError("Unable to read repository " + g.cloneUrl() + ": " + e.getMessage());
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    /**
     * A git target: {@code <cloneUrl>#[<ref>:]<path>}; the path defaults to {@code catalog-info.yaml}.
     * Remote clone URLs must be https on an allow-listed host; {@code file://} repositories must be
     * under the file roots.
     */
    public record GitTarget(String cloneUrl, String ref, String path) {
        static GitTarget parse(String target, LocationReader reader) {
            GitTarget g = parseUnchecked(target);
            if (g.cloneUrl().startsWith("file://")) {
                reader.resolveFile(URI.create(g.cloneUrl()).getPath());
            } else {
                URI u = reader.urlGuard().check(g.cloneUrl());
                List<String> allowed = reader.config.reading().gitAllowedHosts().orElse(List.of());
                if (allowed.stream().noneMatch(h -> h.equalsIgnoreCase(u.getHost()))) {
                    throw new NotAllowedError("Git host " + u.getHost() + " is not in atrium.catalog.reading.git-allowed-hosts");
                }
            }
            return g;
        }

        static GitTarget parseUnchecked(String target) {
            String url = target;
            String ref = null;
            String path = "catalog-info.yaml";
            int hash = target.indexOf('#');
            if (hash >= 0) {
                url = target.substring(0, hash);
                String frag = target.substring(hash + 1);
                int colon = frag.indexOf(':');
                if (colon >= 0) {
                    ref = frag.substring(0, colon).isBlank() ? null : frag.substring(0, colon);
                    frag = frag.substring(colon + 1);
                }
                if (!frag.isBlank()) {
                    path = frag;
                }
            }
            if (!url.toLowerCase(Locale.ROOT).startsWith("https://") && !url.toLowerCase(Locale.ROOT).startsWith("http://")
                    && !url.startsWith("file://")) {
                throw new InputError("Git location target must be an http(s):// or file:// clone URL, optionally followed by #[ref:]path");
            }
            if (path.startsWith("/") || path.contains("..")) {
                throw new InputError("Git location path must be relative to the repository root: " + path);
            }
            return new GitTarget(url, ref, path);
        }

        GitTarget withPath(String p) {
            return new GitTarget(cloneUrl, ref, p);
        }

        @Override
        public String toString() {
            return cloneUrl + "#" + (ref == null ? "" : ref + ":") + path;
        }
    }
}
