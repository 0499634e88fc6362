package dev.atrium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of a process from {@code /proc/<pid>/status}: {@code VmRSS} (now) and
 * {@code VmHWM} (the peak the kernel recorded since the process started).
 */
record ProcessMemory(long rssKb, long peakRssKb) {

    static ProcessMemory of(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return new ProcessMemory(-1, -1); // not Linux, or the process is gone
        }
    }

    static ProcessMemory parse(List<String> status) {
        return new ProcessMemory(kb(status, "VmRSS:"), kb(status, "VmHWM:"));
    }

    double rssMb() {
        return rssKb / 1024.0;
    }

    double peakRssMb() {
        return peakRssKb / 1024.0;
    }

    private static long kb(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
