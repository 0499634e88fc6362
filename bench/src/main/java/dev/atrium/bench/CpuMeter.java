package dev.atrium.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by the service process and by the PostgreSQL backends serving its database, from
 * {@code /proc/<pid>/stat} (user + system time). On a machine shared with other work, wall-clock figures move with
 * the neighbours' load; the CPU seconds a scenario cost move far less, so both are reported. Backends are found by
 * their process title ({@code postgres: <user> <database> ...}); one that exits during a scenario takes its share
 * with it, so the database figure is a lower bound.
 */
final class CpuMeter {

    private static final Path PROC = Path.of("/proc");

    private final long servicePid;
    private final String database;
    private final double ticksPerSecond;

    /** Meters process {@code servicePid} and the backends of {@code database} (either may be absent: -1 / null). */
    CpuMeter(long servicePid, String database) {
        this.servicePid = servicePid;
        this.database = database;
        this.ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture the JDK runs on
    }

    /** CPU seconds so far: the service and the database backends. */
    record Reading(double serviceSeconds, Map<Long, Double> backendSeconds) {

        /** What was used between {@code before} and this reading (backends that started since count from zero). */
        Usage since(Reading before) {
            double db = 0;
            for (Map.Entry<Long, Double> e : backendSeconds.entrySet()) {
                db += e.getValue() - before.backendSeconds.getOrDefault(e.getKey(), 0.0);
            }
            return new Usage(round(serviceSeconds - before.serviceSeconds), round(db));
        }
    }

    /** CPU seconds used during a scenario; {@code serviceSeconds} is negative when the service was not measured. */
    record Usage(double serviceSeconds, double databaseSeconds) {
    }

    Reading read() {
        double service = servicePid > 0 ? seconds(PROC.resolve(Long.toString(servicePid))) : -1;
        Map<Long, Double> backends = new HashMap<>();
        if (database != null) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars()
                    .allMatch(Character::isDigit))) {
                for (Path dir : dirs) {
                    String title = cmdline(dir);
                    if (title != null && isBackendOf(title, database)) {
                        double s = seconds(dir);
                        if (s >= 0) {
                            backends.put(Long.parseLong(dir.getFileName().toString()), s);
                        }
                    }
                }
            } catch (IOException e) {
                // no /proc: nothing to meter
            }
        }
        return new Reading(service, backends);
    }

    /** Whether a process title is a PostgreSQL backend connected to {@code database}. */
    static boolean isBackendOf(String title, String database) {
        if (!title.startsWith("postgres: ")) {
            return false;
        }
        String[] words = title.trim().split("\\s+");
        // postgres: [<cluster>:] <user> <database> <client> <state>; Debian adds the cluster, e.g. "15/main:"
        int user = words.length > 1 && words[1].endsWith(":") ? 2 : 1;
        return words.length > user + 1 && words[user + 1].equals(database);
    }

    /** utime + stime of a /proc/<pid> directory, in seconds, or -1 when it is gone. */
    private double seconds(Path dir) {
        try {
            return parseStat(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8)) / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime in clock ticks from the text of a {@code /proc/<pid>/stat} file. */
    static long parseStat(String stat) {
        // the command (field 2) may contain spaces and parentheses: fields are counted after its last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after the command: state(3) ppid(4) ... utime(14) stime(15), so index = field - 3
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String cmdline(Path dir) {
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
