package dev.atrium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the resident set of the service process from {@code /proc/<pid>/status}: {@code VmRSS} (now) every
 * {@code interval}, and {@code VmHWM} (the kernel's own high-water mark, which no sample can miss). A
 * {@link Window} keeps the largest {@code VmRSS} seen while it is open, so each scenario reports its own peak.
 */
final class MemorySampler implements AutoCloseable {

    private final Path status;
    private final Duration interval;
    private final Thread thread;
    private final AtomicLong windowMaxKb = new AtomicLong(-1);
    private volatile boolean stopped;

    /** Starts sampling process {@code pid} every {@code interval}. */
    MemorySampler(long pid, Duration interval) {
        this(Path.of("/proc", Long.toString(pid), "status"), interval);
    }

    MemorySampler(Path status, Duration interval) {
        this.status = status;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::loop);
    }

    /** Memory figures of one process, in kB as the kernel reports them; -1 when unknown. */
    record Status(long rssKb, long hwmKb) {
    }

    /** Parses the {@code VmRSS} and {@code VmHWM} lines of a {@code /proc/<pid>/status} text. */
    static Status parse(String text) {
        long rss = -1;
        long hwm = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            }
        }
        return new Status(rss, hwm);
    }

    private static long kb(String line) {
        String digits = line.replaceAll("\\D", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    /** The process's status now, or empty once it has exited (or on a system without {@code /proc}). */
    java.util.Optional<Status> read() {
        try {
            return java.util.Optional.of(parse(Files.readString(status)));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** VmRSS now, in kB, or empty. */
    OptionalLong rssKb() {
        return read().map(s -> s.rssKb() < 0 ? OptionalLong.empty() : OptionalLong.of(s.rssKb())).orElse(OptionalLong.empty());
    }

    /** VmHWM: the peak resident set since the process started, in kB, or empty. */
    OptionalLong hwmKb() {
        return read().map(s -> s.hwmKb() < 0 ? OptionalLong.empty() : OptionalLong.of(s.hwmKb())).orElse(OptionalLong.empty());
    }

    /** Opens a window that records the largest VmRSS from now until it is closed. Windows do not nest. */
    Window window() {
        long now = rssKb().orElse(-1);
        windowMaxKb.set(now);
        return new Window();
    }

    /** A span of the run whose peak VmRSS is kept. */
    final class Window {
        private Window() {
        }

        /** The largest VmRSS sampled since the window opened, in MB, or null when nothing could be read. */
        Double peakMb() {
            rssKb().ifPresent(MemorySampler.this::offer);
            long kb = windowMaxKb.get();
            return kb < 0 ? null : toMb(kb);
        }
    }

    static double toMb(long kb) {
        return Math.round(kb / 1024.0 * 10) / 10.0;
    }

    private void offer(long kb) {
        windowMaxKb.accumulateAndGet(kb, Math::max);
    }

    private void loop() {
        while (!stopped) {
            rssKb().ifPresent(this::offer);
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
