package dev.atrium.scaffolder.workspace;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Finds the directory a {@code fetch:template}/{@code fetch:plain} URL names and hands it to the
 * caller: a path relative to the template's location (file or git), a {@code file:} path under the
 * configured roots, a git repository on an allow-listed host (shallow clone), or a skeleton bundled
 * with the service ({@code bundled:<name>}).
 */
@ApplicationScoped
public class SkeletonSource {
    static final String BUNDLED = "bundled:";

    @Inject
    ScaffolderConfig config;

    /** Directories dry runs have unpacked their template into; readable like the configured roots. */
    private final List<Path> temporaryRoots = new CopyOnWriteArrayList<>();

    public void allowTemporaryRoot(Path dir) {
        temporaryRoots.add(dir);
    }

    public void forgetTemporaryRoot(Path dir) {
        temporaryRoots.remove(dir);
    }

    /** Opens the skeleton {@code url} names (relative URLs against {@code templateLocation}) and runs {@code work} on it. */
    public <T> T open(String url, Optional<String> templateLocation, Function<Path, T> work) {
        if (url == null || url.isBlank()) {
            throw new InputError("A skeleton url is required");
        }
        String u = url.strip();
        if (u.startsWith(BUNDLED)) {
            return bundled(u.substring(BUNDLED.length()), work);
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return remote(u, work);
        }
        if (lower.startsWith("file:")) {
            String path = u.startsWith("file://") ? URI.create(u).getPath() : u.substring("file:".length());
            if (path.contains("#") || path.endsWith(".git")) {
                return gitClone(GitUrl.parse(u), null, work);
            }
            return work.apply(localDirectory(Path.of(path), u));
        }
        if (Path.of(u).isAbsolute()) {
            throw new InputError("Skeleton url '" + url + "' must be relative to the template, a file: URL, a git URL or bundled:<name>");
        }
        String location = templateLocation.orElseThrow(() -> new InputError(
                "Skeleton url '" + url + "' is relative, but there is no template location to resolve it against"));
        if (location.startsWith("file:")) {
            Path base = Path.of(location.substring("file:".length())).getParent();
            return work.apply(localDirectory(base.resolve(u).normalize(), u));
        }
        if (location.startsWith("git:")) {
            GitUrl g = GitUrl.parse(location.substring("git:".length()));
            String dir = Path.of("/" + g.path()).getParent().resolve(u).normalize().toString();
            return gitClone(g, dir.substring(1), work);
        }
        if (location.startsWith("url:")) {
            return remote(URI.create(location.substring("url:".length())).resolve(u).toString(), work);
        }
        throw new InputError("Cannot resolve skeleton url '" + url + "' against template location " + location);
    }

    private Path localDirectory(Path p, String url) {
        Path normalized = p.toAbsolutePath().normalize();
        List<Path> roots = new java.util.ArrayList<>(temporaryRoots);
        config.skeletons().fileRoots().orElse(List.of()).stream().filter(r -> !r.isBlank())
                .map(r -> Path.of(r).toAbsolutePath().normalize()).forEach(roots::add);
        for (Path root : roots) {
            if (normalized.startsWith(root)) {
                try {
                    Path real = normalized.toRealPath();
                    if (!real.startsWith(root.toRealPath())) {
                        throw new NotAllowedError("Skeleton " + url + " escapes the allowed directories through a link");
                    }
                    if (!Files.isDirectory(real)) {
                        throw new NotFoundError("Skeleton " + url + " is not a directory");
                    }
                    return real;
                } catch (IOException e) {
                    throw new NotFoundError("Skeleton " + url + " does not exist");
                }
            }
        }
        throw new NotAllowedError("Skeleton " + url + " is outside atrium.scaffolder.skeletons.file-roots");
    }

    private <T> T remote(String url, Function<Path, T> work) {
        URI uri = URI.create(url);
        List<String> allowed = config.skeletons().gitAllowedHosts().orElse(List.of());
        if (uri.getHost() == null || allowed.stream().noneMatch(h -> h.equalsIgnoreCase(uri.getHost()))) {
            throw new NotAllowedError("Skeleton host " + uri.getHost() + " is not in atrium.scaffolder.skeletons.git-allowed-hosts");
        }
        // https://host/owner/repo/tree/<ref>/<path> or /blob/<ref>/<path> (GitHub, Gitea, GitLab's /-/tree/)
        String path = uri.getPath().replace("/-/", "/");
        String[] parts = path.split("/");
        if (parts.length >= 5 && (parts[3].equals("tree") || parts[3].equals("blob"))) {
            String clone = uri.getScheme() + "://" + uri.getAuthority() + "/" + parts[1] + "/" + parts[2] + ".git";
            String sub = String.join("/", java.util.Arrays.copyOfRange(parts, 5, parts.length));
            if (parts[3].equals("blob")) {
                sub = sub.contains("/") ? sub.substring(0, sub.lastIndexOf('/')) : "";
            }
            return gitClone(new GitUrl(clone, parts[4], sub), sub, work);
        }
        return gitClone(GitUrl.parse(url), null, work);
    }

    private <T> T gitClone(GitUrl g, String subdirectory, Function<Path, T> work) {
        if (g.cloneUrl().startsWith("file:")) {
            localDirectory(Path.of(URI.create(g.cloneUrl()).getPath()), g.cloneUrl());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("atrium-skeleton-");
            var clone = Git.cloneRepository().setURI(g.cloneUrl()).setDirectory(dir.toFile()).setDepth(1)
                    .setCloneAllBranches(false).setTimeout((int) config.skeletons().cloneTimeout().toSeconds());
            if (g.ref() != null) {
                clone.setBranch(g.ref());
            }
            try (Git ignored = clone.call()) {
                Path root = dir.toRealPath();
                String sub = subdirectory != null ? subdirectory : g.path();
                Path target = Workspace.resolveIn(root, sub == null ? "" : sub);
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotFoundError("No directory " + sub + " in " + g.cloneUrl());
                }
                return work.apply(target);
            }
        } catch (GitAPIException e) {
            throw new ServiceUnavailableError("Cannot clone skeleton " + g.cloneUrl() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ServiceUnavailableError("Cannot read skeleton " + g.cloneUrl() + ": " + e.getMessage());
        } finally {
            Workspace.deleteTree(dir);
        }
    }

    private <T> T bundled(String name, Function<Path, T> work) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new InputError("Bundled skeleton names are lower-case letters, digits and '-'");
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        String base = "skeletons/" + name + "/";
        try (InputStream index = cl.getResourceAsStream("skeletons/" + name + ".files")) {
            if (index == null) {
                throw new NotFoundError("No bundled skeleton " + name);
            }
            Path dir = Files.createTempDirectory("atrium-bundled-");
            try {
                for (String file : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (file.isBlank()) {
                        continue;
                    }
                    Path target = Workspace.resolveIn(dir.toRealPath(), file.strip());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = cl.getResourceAsStream(base + file.strip())) {
                        if (in == null) {
                            throw new IllegalStateException("bundled skeleton " + name + " lists a missing file " + file);
                        }
                        Files.copy(in, target);
                    }
                }
                return work.apply(dir.toRealPath());
            } finally {
                Workspace.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new ServiceUnavailableError("Cannot read bundled skeleton " + name + ": " + e.getMessage());
        }
    }

    /** {@code <cloneUrl>#[<ref>:]<path>} (the catalog's git target syntax). */
    public record GitUrl(String cloneUrl, String ref, String path) {
        static GitUrl parse(String target) {
            String url = target;
            String ref = null;
            String path = "";
            int hash = target.indexOf('#');
            if (hash >= 0) {
                url = target.substring(0, hash);
                String frag = target.substring(hash + 1);
                int colon = frag.indexOf(':');
                if (colon >= 0) {
                    ref = frag.substring(0, colon).isBlank() ? null : frag.substring(0, colon);
                    frag = frag.substring(colon + 1);
                } else if (!frag.contains("/")) {
                    ref = frag.isBlank() ? null : frag;
                    frag = "";
                }
                path = frag;
            }
            if (path.startsWith("/") || path.contains("..")) {
                throw new InputError("Git path must be relative to the repository root: " + path);
            }
            return new GitUrl(url, ref, path);
        }
    }
}
