package dev.atrium.catalog.reading;

import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.error.ServiceUnavailableError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A shallow clone without a working tree: files are read from the object database, so nothing in
 * the repository is ever written out or followed on disk. Symbolic links are followed only to
 * paths inside the repository; the size and time limits hold while the clone is received.
 */
final class GitClone implements AutoCloseable {
    private static final int MAX_LINK_HOPS = 5;

    private final Path dir;
    private final Git git;
    private final ObjectId tree;
    private final String name;

    private GitClone(Path dir, Git git, ObjectId tree, String name) {
        this.dir = dir;
        this.git = git;
        this.tree = tree;
        this.name = name;
    }

    /** Limits of one clone. */
    record Limits(long maxRepositoryBytes, Duration timeout) {
    }

    /**
     * Clones {@code g} (depth 1, one branch, no checkout).
     *
     * @param connections HTTP connections for http(s) remotes (pinned address, counted bytes); null for file:// remotes
     */
    static GitClone clone(GitTarget g, Limits limits, CredentialsProvider credentials, HttpConnectionFactory connections) {
        Path dir;
        try {
            dir = Files.createTempDirectory("atrium-git-");
        } catch (IOException e) {
            throw new ServiceUnavailableError("No space to clone repositories");
        }
        Watchdog watchdog = new Watchdog(dir, limits);
        try {
            CloneCommand clone = Git.cloneRepository().setURI(g.cloneUrl()).setDirectory(dir.toFile()).setDepth(1)
                    .setNoCheckout(true).setCloneAllBranches(false).setCloneSubmodules(false)
                    .setTimeout((int) Math.max(1, limits.timeout().toSeconds())).setProgressMonitor(watchdog);
            if (g.ref() != null) {
                clone.setBranch(g.ref());
            }
            if (credentials != null) {
                clone.setCredentialsProvider(credentials);
            }
            if (connections != null) {
                clone.setTransportConfigCallback(t -> {
                    if (t instanceof TransportHttp http) {
                        http.setHttpConnectionFactory(connections);
                    }
                });
            }
            Git git = clone.call();
            watchdog.checkNow();
            Repository repo = git.getRepository();
            ObjectId tree = repo.resolve("HEAD^{tree}");
            if (tree == null) {
                git.close();
                throw new NotFoundError("Repository " + g.cloneUrl() + " has no commit" + (g.ref() == null ? "" : " on " + g.ref()));
            }
            String name = g.cloneUrl().replaceAll("/+$", "");
            name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
            return new GitClone(dir, git, tree, name);
        } catch (GitAPIException | JGitInternalException e) {
            deleteQuietly(dir);
            if (watchdog.reason != null) {
                throw watchdog.reason;
            }
            if (e.getCause() instanceof GuardedGitConnections.Refused refused) {
                throw refused.error;
            }
            throw new NotFoundError("Unable to clone " + g.cloneUrl() + (g.ref() == null ? "" : " at " + g.ref())
                    + ": " + sanitize(e, dir));
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new ServiceUnavailableError("Unable to read repository " + g.cloneUrl());
        } catch (AtriumError e) {
            deleteQuietly(dir);
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            if (watchdog.reason != null) {
                throw watchdog.reason;
            }
            throw e;
        }
    }

    String name() {
        return name;
    }

    /**
     * A regular file's bytes, following symbolic links that stay inside the repository; empty when
     * there is no such file.
     */
    Optional<byte[]> read(String path, long maxBytes) {
        String p = path;
        try {
            Repository repo = git.getRepository();
            for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
                try (TreeWalk walk = TreeWalk.forPath(repo, p, tree)) {
                    if (walk == null) {
                        return Optional.empty();
                    }
                    FileMode mode = walk.getFileMode(0);
                    ObjectLoader loader = repo.open(walk.getObjectId(0));
                    if (mode == FileMode.SYMLINK) {
                        String link = new String(loader.getBytes(4096), StandardCharsets.UTF_8);
                        p = insideRepository(p, link);
                        if (p == null) {
                            throw new NotFoundError(path + " is a symbolic link that leads out of the repository");
                        }
                        continue;
                    }
                    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                        return Optional.empty();
                    }
                    if (loader.getSize() > maxBytes) {
                        throw new PayloadTooLargeError("File " + path + " is over the limit of " + maxBytes + " bytes");
                    }
                    return Optional.of(loader.getBytes((int) maxBytes));
                }
            }
            throw new NotFoundError(path + " is a chain of more than " + MAX_LINK_HOPS + " symbolic links");
        } catch (IOException e) {
            throw new ServiceUnavailableError("Unable to read " + path + " from the repository");
        }
    }

    /** Paths of the regular files at most {@code depth} directories deep. */
    List<String> files(int depth) {
        List<String> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(git.getRepository())) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                if (walk.isSubtree()) {
                    if (walk.getDepth() + 1 < depth) {
                        walk.enterSubtree();
                    }
                } else if (walk.getFileMode(0) == FileMode.REGULAR_FILE || walk.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
                    out.add(walk.getPathString());
                }
            }
        } catch (IOException e) {
            throw new ServiceUnavailableError("Unable to list the repository");
        }
        return out;
    }

    /** The target of a link at {@code path}, as a repository path, or null when it leaves the repository. */
    static String insideRepository(String path, String link) {
        if (link.startsWith("/") || link.contains("\\") || link.indexOf('\0') >= 0) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        Deque parts = new Deque(slash < 0 ? "" : path.substring(0, slash));
        for (String part : link.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.pop()) {
                    return null;
                }
            } else {
                parts.push(part);
            }
        }
        return parts.isEmpty() ? null : parts.toString();
    }

    private static final class Deque {
        private final List<String> parts = new ArrayList<>();

        Deque(String dir) {
            for (String p : dir.split("/")) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
        }

        boolean pop() {
            if (parts.isEmpty()) {
                return false;
            }
            parts.remove(parts.size() - 1);
            return true;
        }

        void push(String p) {
            parts.add(p);
        }

        boolean isEmpty() {
            return parts.isEmpty();
        }

        @Override
        public String toString() {
            return String.join("/", parts);
        }
    }

    @Override
    public void close() {
        git.close();
        deleteQuietly(dir);
    }

    /** A JGit message without the server's own paths, first line only. */
    private static String sanitize(Exception e, Path dir) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replace(dir.toString(), "").replace(dir.toAbsolutePath().toString(), "")
                .replace(System.getProperty("java.io.tmpdir"), "");
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    /**
     * Cancels a clone whose received objects outgrow the repository limit or whose time is up.
     * JGit asks {@link #isCancelled()} for every object it receives; the clone directory is
     * measured at most every 50 ms.
     */
    private static final class Watchdog implements ProgressMonitor {
        private final Path dir;
        private final Limits limits;
        private final long deadline;
        private long lastCheck;
        volatile AtriumError reason;

        Watchdog(Path dir, Limits limits) {
            this.dir = dir;
            this.limits = limits;
            this.deadline = System.nanoTime() + limits.timeout().toNanos();
        }

        void checkNow() {
            lastCheck = 0;
            if (isCancelled()) {
                throw reason;
            }
        }

        @Override
        public boolean isCancelled() {
            if (reason != null) {
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                reason = new ServiceUnavailableError("Cloning took longer than " + limits.timeout().toSeconds() + " s");
                return true;
            }
            if (now - lastCheck > 50_000_000L) {
                lastCheck = now;
                long size;
                try (Stream<Path> files = Files.walk(dir)) {
                    size = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                } catch (IOException | java.io.UncheckedIOException e) {
                    size = 0;
                }
                if (size > limits.maxRepositoryBytes()) {
                    reason = new PayloadTooLargeError("The repository is over the limit of " + limits.maxRepositoryBytes()
                            + " bytes (atrium.catalog.reading.max-repository-bytes)");
                    return true;
                }
            }
            return false;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}
