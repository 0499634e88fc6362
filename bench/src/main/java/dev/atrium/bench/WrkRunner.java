package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the HTTP query scenarios through {@code wrk} (C, epoll), which costs the shared CPUs far less per request
 * than the Java driver. Each scenario gets a generated Lua script; wrk runs once for the warm-up (discarded) and
 * once for the measurement, and the script's {@code done()} prints one {@value #MARKER}line of JSON that becomes a
 * {@link ScenarioResult}. Scripts, the by-name path list and the token file live in a private temporary directory
 * that {@link #close()} removes.
 */
final class WrkRunner implements AutoCloseable {

    /** Prefix of the line the generated scripts print in {@code done()}. */
    static final String MARKER = "ATRIUM_WRK ";
    /** wrk threads: one per core of the small machines this runs on; fewer when there are fewer connections. */
    static final int MAX_THREADS = 2;
    /** Value of {@code --driver} that picks wrk when it is installed and the Java driver otherwise. */
    static final String AUTO = "auto";
    /** Value of {@code --driver} that insists on wrk. */
    static final String WRK = "wrk";
    /** Value of {@code --driver} that uses the Java driver for every scenario. */
    static final String JAVA = "java";
    static final List<String> DRIVERS = List.of(AUTO, WRK, JAVA);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Duration SLACK = Duration.ofSeconds(30);

    private final Path executable;
    private final String version;
    private final URI base;
    private final String origin;
    private final int concurrency;
    private final Duration warmup;
    private final Duration duration;
    private final Duration requestTimeout;
    private final Supplier<String> token;
    private final PrintStream log;
    private final Path workDir;
    private final Path tokenFile;

    /**
     * A runner for {@code executable} against {@code base} (loopback only), writing {@code token} (the bare bearer
     * token, or null for none) to a private file before each wrk run.
     */
    WrkRunner(Path executable, URI base, int concurrency, Duration warmup, Duration duration, Duration requestTimeout,
              Supplier<String> token, PrintStream log) throws IOException {
        this.origin = origin(base);
        this.executable = executable;
        this.version = version(executable);
        this.base = base;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.duration = duration;
        this.requestTimeout = requestTimeout;
        this.token = token;
        this.log = log;
        this.workDir = privateDirectory();
        this.tokenFile = privateFile(workDir.resolve("token"));
    }

    // ---- choosing the driver --------------------------------------------------------------------------------

    /** The wrk executable: {@code configured} if given (and executable), else the first {@code wrk} on {@code path}. */
    static Optional<Path> locate(String configured, String path) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "wrk");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Which driver runs the query scenarios: wrk (its path) or the Java driver (empty), and why. */
    record Choice(Optional<Path> wrk, String message) {
    }

    /**
     * Picks the driver for the query scenarios: {@code java} always the Java driver, {@code wrk} wrk or an error,
     * {@code auto} wrk when it was found and the Java driver (with a message saying so) when not.
     *
     * @throws IllegalArgumentException for {@code wrk} when no wrk was found, or an unknown driver name
     */
    static Choice choose(String requested, Optional<Path> found) {
        return switch (requested) {
            case JAVA -> new Choice(Optional.empty(), null);
            case WRK -> {
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("--driver wrk: no wrk executable found (install it, e.g."
                            + " apt-get install -y wrk, or give its path with --wrk)");
                }
                yield new Choice(found, null);
            }
            case AUTO -> found.isPresent() ? new Choice(found, null)
                    : new Choice(Optional.empty(), "wrk not found: the query scenarios run on the Java driver,"
                    + " whose own CPU use lowers the measured throughput on a small machine (install wrk, or pass"
                    + " --driver java to silence this)");
            default -> throw new IllegalArgumentException("--driver must be one of " + DRIVERS + ", got '" + requested + "'");
        };
    }

    /** The first version number {@code wrk -v} prints, or "unknown version". */
    static String version(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return parseVersion(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    /** The version number in the first line of {@code wrk -v} output ({@code wrk debian/4.1.0-3+b2 [epoll] ...}). */
    static String parseVersion(String text) {
        String first = text.lines().findFirst().orElse("");
        Matcher m = VERSION.matcher(first);
        return m.find() ? m.group(1) : "unknown version";
    }

    /**
     * Threads wrk runs with for {@code connections}: {@value #MAX_THREADS}, or one when the connections do not
     * divide evenly (wrk gives each thread {@code connections / threads} and drops the remainder).
     */
    static int threads(int connections) {
        int t = Math.min(MAX_THREADS, connections);
        return connections % t == 0 ? t : 1;
    }

    /** One line for the report: which wrk, with how many threads and connections. */
    String description() {
        return "wrk " + version + " (" + threads(concurrency) + " threads, " + concurrency + " connections)";
    }

    // ---- the command line -----------------------------------------------------------------------------------

    /**
     * {@code scheme://host:port} of a loopback {@code base}, the URL wrk is given (the scripts send full paths).
     *
     * @throws IllegalArgumentException if {@code base} is not on a loopback address
     */
    static String origin(URI base) {
        URI checked = LoadDriver.requireLoopback(base.toString());
        return checked.getScheme().toLowerCase(Locale.ROOT) + "://" + checked.getRawAuthority();
    }

    /** wrk's time arguments take whole units: {@code d} rounded up to whole seconds, at least one. */
    static long wholeSeconds(Duration d) {
        long ms = Math.max(1, d.toMillis());
        return (ms + 999) / 1000;
    }

    /** The wrk command line for one run of {@code script} lasting {@code length}. */
    static List<String> command(Path executable, int connections, Duration length, Duration requestTimeout,
                                Path script, String origin) {
        return List.of(executable.toString(), "-t" + threads(connections), "-c" + connections,
                "-d" + wholeSeconds(length) + "s", "--timeout", wholeSeconds(requestTimeout) + "s", "--latency",
                "-s", script.toString(), origin);
    }

    // ---- scenarios ------------------------------------------------------------------------------------------

    /** Requests {@code paths} (relative to the base URL) in random order, as the Java by-name scenario does. */
    ScenarioResult byName(String scenario, int entities, Iterator<String> paths) throws IOException, InterruptedException {
        Path list = workDir.resolve(scenario + ".paths");
        try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            while (paths.hasNext()) {
                w.write(fullPath(paths.next()));
                w.write('\n');
            }
        }
        return run(scenario, entities, byNameScript(tokenFile, list));
    }

    /** A first page at {@code firstPath}, then {@code cursorPrefix + cursor} for up to {@code pages} pages per chain. */
    ScenarioResult byQuery(String scenario, int entities, String firstPath, String cursorPrefix, int pages)
            throws IOException, InterruptedException {
        return run(scenario, entities, byQueryScript(tokenFile, fullPath(firstPath), fullPath(cursorPrefix), pages,
                concurrency / threads(concurrency) + 1));
    }

    /** The same request over and over. */
    ScenarioResult fixed(String scenario, int entities, String path) throws IOException, InterruptedException {
        return run(scenario, entities, fixedScript(tokenFile, fullPath(path)));
    }

    private String fullPath(String relative) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        return basePath + relative;
    }

    private ScenarioResult run(String scenario, int entities, String script) throws IOException, InterruptedException {
        Path file = workDir.resolve(scenario + ".lua");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        if (!warmup.isZero()) {
            log.printf(Locale.ROOT, "%s: warm-up %d s, then measuring %d s with %s%n", scenario,
                    wholeSeconds(warmup), wholeSeconds(duration), description());
            runOnce(file, warmup);
        } else {
            log.printf(Locale.ROOT, "%s: measuring %d s with %s%n", scenario, wholeSeconds(duration), description());
        }
        return runOnce(file, duration).toResult(scenario, entities, concurrency);
    }

    private Sample runOnce(Path script, Duration length) throws IOException, InterruptedException {
        writeToken();
        List<String> command = command(executable, concurrency, length, requestTimeout, script, origin);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofVirtual().name("wrk-output").start(runnable));
        long waitSeconds = wholeSeconds(length) + wholeSeconds(requestTimeout) + SLACK.toSeconds();
        String text;
        try {
            if (!p.waitFor(waitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk did not finish within " + waitSeconds + " s: " + command);
            }
            text = output.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("cannot read the output of wrk: " + e.getMessage(), e);
        }
        if (p.exitValue() != 0 || !text.contains(MARKER)) {
            throw new IllegalStateException("wrk exited with " + p.exitValue() + " without a result line; command: "
                    + String.join(" ", command) + "; output:\n" + tail(text));
        }
        return parse(text);
    }

    private void writeToken() throws IOException {
        String t = token.get();
        Files.writeString(tokenFile, t == null ? "" : t + "\n", StandardCharsets.UTF_8);
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
    }

    // ---- results --------------------------------------------------------------------------------------------

    /** What one wrk run reported through the {@value #MARKER}line. */
    record Sample(long requests, long durationUs, long errorsStatus, long errorsConnect, long errorsRead,
                  long errorsWrite, long errorsTimeout, double p50Us, double p90Us, double p99Us, double maxUs,
                  double meanUs, Map<String, Long> statuses, String firstError) {

        /** Every error wrk counted: status ≥ 400, connect, read, write and timeout. */
        long errors() {
            return errorsStatus + errorsConnect + errorsRead + errorsWrite + errorsTimeout;
        }

        /** This run as a scenario result (req/s = requests / duration), marked as produced by wrk. */
        ScenarioResult toResult(String scenario, int entities, int concurrency) {
            double seconds = durationUs / 1e6;
            Map<String, Long> counts = new TreeMap<>();
            if (statuses != null && !statuses.isEmpty()) {
                counts.putAll(statuses);
            } else {
                putIfPositive(counts, "1xx-3xx", requests - errorsStatus);
                putIfPositive(counts, "4xx-5xx", errorsStatus);
            }
            putIfPositive(counts, "connect error", errorsConnect);
            putIfPositive(counts, "read error", errorsRead);
            putIfPositive(counts, "write error", errorsWrite);
            putIfPositive(counts, "timeout", errorsTimeout);
            String first = firstError;
            if (first == null && errors() > 0) {
                first = String.format(Locale.ROOT, "wrk counted %d answers with status >= 400 and socket errors"
                        + " connect %d, read %d, write %d, timeout %d (it keeps no bodies: run with --driver java"
                        + " to see one)", errorsStatus, errorsConnect, errorsRead, errorsWrite, errorsTimeout);
            }
            LatencySummary latency = new LatencySummary(p50Us / 1e3, p90Us / 1e3, p99Us / 1e3, maxUs / 1e3, meanUs / 1e3);
            return new ScenarioResult(scenario, entities, concurrency, requests, errors(), counts, seconds,
                    seconds > 0 ? requests / seconds : 0, latency, null, first, WRK, null, null, null);
        }

        private static void putIfPositive(Map<String, Long> counts, String key, long value) {
            if (value > 0) {
                counts.put(key, value);
            }
        }
    }

    /**
     * Reads the {@value #MARKER}line out of wrk's output.
     *
     * @throws IllegalArgumentException if there is no such line or it is not the expected JSON
     */
    static Sample parse(String output) {
        String line = output.lines().filter(l -> l.startsWith(MARKER)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no " + MARKER.trim() + " line in the wrk output"));
        JsonNode n;
        try {
            n = JSON.readTree(line.substring(MARKER.length()));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + MARKER.trim() + " line: " + line, e);
        }
        for (String field : List.of("requests", "duration_us", "p50_us", "p90_us", "p99_us", "max_us")) {
            if (!n.path(field).isNumber()) {
                throw new IllegalArgumentException(MARKER.trim() + " line without a number for " + field + ": " + line);
            }
        }
        Map<String, Long> statuses = new TreeMap<>();
        n.path("statuses").properties().forEach(e -> statuses.put(e.getKey(), e.getValue().asLong()));
        String firstError = n.path("first_error").isTextual() ? n.get("first_error").asText() : null;
        return new Sample(n.get("requests").asLong(), n.get("duration_us").asLong(), n.path("errors_status").asLong(),
                n.path("errors_connect").asLong(), n.path("errors_read").asLong(), n.path("errors_write").asLong(),
                n.path("errors_timeout").asLong(), n.get("p50_us").asDouble(), n.get("p90_us").asDouble(),
                n.get("p99_us").asDouble(), n.get("max_us").asDouble(), n.path("mean_us").asDouble(), statuses,
                firstError);
    }

    // ---- Lua scripts ----------------------------------------------------------------------------------------

    /**
     * Shared start of every script: the bearer token from {@code tokenFile} (re-written before each run), the
     * thread numbering and a {@code done()} that prints the result line. Top-level code runs in each wrk thread
     * and in the main state that calls {@code setup()} and {@code done()}.
     */
    private static String prelude(String scenario, Path tokenFile) {
        return """
                -- wrk script for the %s scenario, written by dev.atrium.bench.WrkRunner.
                local token_file = %s

                local f = assert(io.open(token_file, "r"))
                local token = (f:read("*a") or ""):gsub("%%s+$", "")
                f:close()
                if token ~= "" then
                  wrk.headers["Authorization"] = "Bearer " .. token
                end
                wrk.headers["Accept"] = "application/json"

                local threads = {}
                function setup(thread)
                  table.insert(threads, thread)
                  thread:set("thread_id", #threads)
                end

                local function json_string(s)
                  return '"' .. s:gsub('[%%c"\\\\]', function(c)
                    return string.format("\\\\u%%04x", c:byte())
                  end) .. '"'
                end

                function done(summary, latency, requests)
                  local e = summary.errors
                  local statuses, first_error = {}, nil
                  for _, t in ipairs(threads) do
                    for status, n in pairs(t:get("statuses") or {}) do
                      local key = tostring(status)
                      statuses[key] = (statuses[key] or 0) + n
                    end
                    first_error = first_error or t:get("first_error")
                  end
                  local parts = {}
                  for status, n in pairs(statuses) do
                    table.insert(parts, string.format('"%%s":%%d', status, n))
                  end
                  table.sort(parts)
                  io.write(string.format('ATRIUM_WRK {"requests":%%d,"duration_us":%%d,"bytes":%%d,'
                      .. '"errors_status":%%d,"errors_connect":%%d,"errors_read":%%d,"errors_write":%%d,'
                      .. '"errors_timeout":%%d,"p50_us":%%d,"p90_us":%%d,"p99_us":%%d,"max_us":%%d,"mean_us":%%.1f,'
                      .. '"statuses":{%%s}%%s}\\n',
                    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
                    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
                    latency.mean, table.concat(parts, ","),
                    first_error and (',"first_error":' .. json_string(first_error)) or ""))
                  io.flush()
                end
                """.formatted(scenario, lua(tokenFile.toString()));
    }

    /** The same request for every call: wrk builds it once (no {@code request()}, no {@code response()}). */
    static String fixedScript(Path tokenFile, String path) {
        return prelude("fixed-URL", tokenFile) + """

                wrk.method = "GET"
                wrk.path = %s
                """.formatted(lua(path));
    }

    /** A random path of {@code pathsFile} (one a line) for every request. */
    static String byNameScript(Path tokenFile, Path pathsFile) {
        return prelude("by-name", tokenFile) + """

                local paths_file = %s
                local paths, count, suffix = {}, 0, nil

                function init(args)
                  for line in io.lines(paths_file) do
                    if line ~= "" then
                      count = count + 1
                      paths[count] = line
                    end
                  end
                  assert(count > 0, "no request paths in " .. paths_file)
                  math.randomseed(0x5EED * 31 + (thread_id or 0))
                  -- " HTTP/1.1\\r\\nHost: ...\\r\\n...\\r\\n\\r\\n": everything after the request target
                  suffix = wrk.format("GET", "/"):sub(6)
                end

                function request()
                  return "GET " .. paths[math.random(count)] .. suffix
                end
                """.formatted(lua(pathsFile.toString()));
    }

    /**
     * The filtered query, then its {@code pageInfo.nextCursor} pages, up to {@code pages} requests per chain as in
     * the Java scenario. wrk does not say which request a response answers; each connection has one request in
     * flight, so the page number of the oldest request in flight is taken for the response (at most
     * {@code perThread} are remembered). Cursors wait in a per-thread queue; a request takes one when there is one
     * and starts a new chain otherwise.
     */
    static String byQueryScript(Path tokenFile, String firstPath, String cursorPrefix, int pages, int perThread) {
        return prelude("by-query", tokenFile) + """

                local first_path = %s
                local cursor_prefix = %s
                local pages = %d
                local in_flight_max = %d
                local suffix

                local cursors, cursor_pages, qhead, qtail = {}, {}, 1, 0
                local flight, fhead, ftail = {}, 1, 0
                statuses = {}
                first_error = nil

                function init(args)
                  suffix = wrk.format("GET", "/"):sub(6)
                end

                -- As java.net.URLEncoder with "+" written as %%20: all but A-Z a-z 0-9 . - * _ percent-encoded.
                local function encode(s)
                  return (s:gsub("[^A-Za-z0-9%%.%%-%%*_]", function(c)
                    return string.format("%%%%%%02X", c:byte())
                  end))
                end

                -- pageInfo.nextCursor of the top-level pageInfo (the last one in the body).
                local function next_cursor(body)
                  local at, from = nil, 1
                  while true do
                    local _, e = body:find('"pageInfo"', from, true)
                    if not e then break end
                    at, from = e + 1, e + 1
                  end
                  if not at then return nil end
                  local info = body:match("^%%s*:%%s*(%%b{})", at)
                  if not info then return nil end
                  local c = info:match('"nextCursor"%%s*:%%s*"([^"]*)"')
                  if c and c:find("\\\\", 1, true) then
                    c = c:gsub("\\\\(.)", "%%1")
                  end
                  return c
                end

                function request()
                  local path, page = first_path, 0
                  if qhead <= qtail then
                    path = cursor_prefix .. encode(cursors[qhead])
                    page = cursor_pages[qhead]
                    cursors[qhead], cursor_pages[qhead] = nil, nil
                    qhead = qhead + 1
                  end
                  ftail = ftail + 1
                  flight[ftail] = page
                  if ftail - fhead >= in_flight_max then
                    flight[fhead] = nil
                    fhead = fhead + 1
                  end
                  return "GET " .. path .. suffix
                end

                function response(status, headers, body)
                  local page = 0
                  if fhead <= ftail then
                    page = flight[fhead]
                    flight[fhead] = nil
                    fhead = fhead + 1
                  end
                  statuses[status] = (statuses[status] or 0) + 1
                  if status < 200 or status > 299 then
                    if first_error == nil then
                      first_error = status .. " " .. (body or ""):gsub("%%s+", " "):sub(1, 200)
                    end
                    return
                  end
                  if page + 1 < pages then
                    local c = next_cursor(body)
                    if c then
                      qtail = qtail + 1
                      cursors[qtail], cursor_pages[qtail] = c, page + 1
                    end
                  end
                end
                """.formatted(lua(firstPath), lua(cursorPrefix), pages, perThread);
    }

    /** {@code s} as a Lua string literal. */
    static String lua(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append('\\').append(String.format(Locale.ROOT, "%03d", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    // ---- files ----------------------------------------------------------------------------------------------

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static Path privateDirectory() throws IOException {
        return posix()
                ? Files.createTempDirectory("atrium-wrk-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("atrium-wrk-");
    }

    private static Path privateFile(Path file) throws IOException {
        return posix()
                ? Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createFile(file);
    }

    /** Where the scripts and the token file are written (removed by {@link #close()}). */
    Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        if (!Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.println("warning: cannot remove " + workDir + ": " + e.getMessage());
        }
    }
}
