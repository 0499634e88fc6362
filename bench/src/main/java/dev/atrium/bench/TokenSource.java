package dev.atrium.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Supplies the bearer token for catalog requests, re-reading its file or re-running its command periodically. */
final class TokenSource implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Callable<String> loader;
    private final ScheduledExecutorService refresher;
    private volatile String token;

    private TokenSource(Callable<String> loader, Duration refresh) {
        this.loader = loader;
        if (loader == null) {
            this.refresher = null;
            return;
        }
        this.token = load();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "token-refresh");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, refresh.toMillis());
        refresher.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    /** No token: requests go without an Authorization header. */
    static TokenSource none() {
        return new TokenSource(null, Duration.ZERO);
    }

    /** The token is the trimmed content of {@code file}, re-read every {@code refresh}. */
    static TokenSource fromFile(Path file, Duration refresh) {
        return new TokenSource(() -> Files.readString(file, StandardCharsets.UTF_8).trim(), refresh);
    }

    /** The token is what {@code supplier} returns, asked again every {@code refresh}. */
    static TokenSource fromSupplier(java.util.function.Supplier<String> supplier, Duration refresh) {
        return new TokenSource(supplier::get, refresh);
    }

    /** The token is what {@code /bin/sh -c command} prints, re-run every {@code refresh}. */
    static TokenSource fromCommand(String command, Duration refresh) {
        return new TokenSource(() -> runCommand(command), refresh);
    }

    /** The current bearer token, or null when there is no token. */
    String token() {
        return token;
    }

    /** The value for the Authorization header, or null when there is no token. */
    String authorization() {
        String t = token;
        return t == null ? null : "Bearer " + t;
    }

    private String load() {
        try {
            String t = loader.call();
            if (t == null || t.isBlank() || t.equals("null")) {
                throw new IllegalStateException("the token source produced an empty token");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot obtain a token", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot obtain a token: " + e.getMessage(), e);
        }
    }

    private void refresh() {
        try {
            token = load();
        } catch (RuntimeException e) {
            // Keep the previous token: it may still be valid, and the next refresh may succeed.
            System.err.println("token refresh failed (keeping the previous token): " + e.getMessage());
        }
    }

    private static String runCommand(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("token command did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("token command exited with " + p.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
