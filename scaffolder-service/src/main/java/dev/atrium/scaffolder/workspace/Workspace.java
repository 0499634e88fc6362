package dev.atrium.scaffolder.workspace;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A task's working directory. Every path an action touches goes through {@link #resolve}, which
 * refuses absolute paths, {@code ..} escapes and symbolic links; size and file count are capped.
 */
public final class Workspace implements AutoCloseable {
    private final Path root;
    private final long maxBytes;
    private final int maxFiles;

    private Workspace(Path root, long maxBytes, int maxFiles) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /** A new, empty workspace under {@code parent}. */
    public static Workspace create(Path parent, String name, long maxBytes, int maxFiles) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, sanitize(name) + "-");
            return new Workspace(dir.toRealPath(), maxBytes, maxFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a task workspace under " + parent, e);
        }
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9-]", "-");
    }

    public Path root() {
        return root;
    }

    /** A path inside the workspace for a relative path given by a template; anything escaping it is an InputError. */
    public Path resolve(String relative) {
        return resolveIn(root, relative);
    }

    /** Resolves {@code relative} under {@code base}, refusing absolute paths, {@code ..} escapes and links on the way. */
    public static Path resolveIn(Path base, String relative) {
        if (relative == null || relative.isBlank() || relative.equals(".") || relative.equals("./")) {
            return base;
        }
        String r = relative.replace('\\', '/');
        if (r.startsWith("/") || r.matches("^[A-Za-z]:.*") || r.startsWith("~")) {
            throw new InputError("Path '" + relative + "' must be relative to the workspace");
        }
        Path p = base.resolve(r).normalize();
        if (!p.startsWith(base)) {
            throw new InputError("Path '" + relative + "' is outside the workspace");
        }
        for (Path cur = p; cur != null && !cur.equals(base); cur = cur.getParent()) {
            if (Files.isSymbolicLink(cur)) {
                throw new InputError("Path '" + relative + "' goes through a symbolic link");
            }
        }
        return p;
    }

    /** Every regular file, relative, sorted. */
    public List<String> files() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when the workspace holds more than its limits. */
    public void checkLimits() {
        long[] totals = totals();
        if (totals[0] > maxFiles) {
            throw new PayloadTooLargeError("The workspace holds " + totals[0] + " files, over the limit of " + maxFiles);
        }
        if (totals[1] > maxBytes) {
            throw new PayloadTooLargeError("The workspace holds " + totals[1] + " bytes, over the limit of " + maxBytes);
        }
    }

    private long[] totals() {
        long[] t = new long[2];
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                t[0]++;
                t[1] += p.toFile().length();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /** Changes whenever a file is added, removed, resized or touched. */
    public String fingerprint() {
        try (Stream<Path> s = Files.walk(root)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            s.sorted().forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    md.update((root.relativize(p) + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "\n").getBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A zip of the workspace with its file count and size. */
    public record Snapshot(byte[] archive, int files, long bytes) {
    }

    public Snapshot snapshot() {
        checkLimits();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int files = 0;
        long size = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String f : files()) {
                Path p = root.resolve(f);
                ZipEntry e = new ZipEntry(f);
                e.setTime(Files.getLastModifiedTime(p).toMillis());
                if (Files.isExecutable(p)) {
                    e.setComment("x");
                }
                zip.putNextEntry(e);
                size += Files.copy(p, zip);
                zip.closeEntry();
                files++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(bytes.toByteArray(), files, size);
    }

    /** Unpacks a snapshot into this (empty) workspace. */
    public void restore(byte[] archive) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry e;
            int count = 0;
            long total = 0;
            while ((e = zip.getNextEntry()) != null) {
                if (++count > maxFiles) {
                    throw new PayloadTooLargeError("Workspace snapshot has too many files");
                }
                Path target = resolve(e.getName());
                Files.createDirectories(target.getParent());
                total += Files.copy(zip, target);
                if (total > maxBytes) {
                    throw new PayloadTooLargeError("Workspace snapshot is too large");
                }
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(e.getTime()));
                if ("x".equals(e.getComment())) {
                    target.toFile().setExecutable(true);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Files with their contents, for dry runs. */
    public List<FileContent> contents(int maxFilesReturned) {
        List<FileContent> out = new ArrayList<>();
        for (String f : files()) {
            if (out.size() >= maxFilesReturned) {
                break;
            }
            Path p = root.resolve(f);
            try {
                out.add(new FileContent(f, Files.readAllBytes(p), Files.isExecutable(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** One file of the workspace. */
    public record FileContent(String path, byte[] content, boolean executable) {
    }

    @Override
    public void close() {
        deleteTree(root);
    }

    /** Deletes a directory tree without following links. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir, new FileVisitOption[0])) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless; the next start removes stale ones
        }
    }
}
