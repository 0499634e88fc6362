package dev.atrium.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Locale;
import java.util.Map;

/**
 * The measured outcome of one scenario: requests, errors, throughput, latency and, for ingest, time to visible;
 * {@code driver} is what sent the requests ({@code java} or {@code wrk}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResult(String scenario, int entities, int concurrency, long requests, long errors,
                             Map<String, Long> statusCounts, double seconds, double requestsPerSecond,
                             LatencySummary latencyMs, Double ingestSeconds, String firstError, String driver,
                             Double rssPeakMb, Double serviceCpuSeconds, Double databaseCpuSeconds) {

    /** Header of the Markdown results table. */
    public static final String MARKDOWN_HEADER = """
            | scenario | entities | concurrency | requests | errors | seconds | req/s | p50 ms | p90 ms | p99 ms | max ms | peak RSS MB | CPU s service + db | driver |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|""";

    /** A result measured by the Java driver. */
    public ScenarioResult(String scenario, int entities, int concurrency, long requests, long errors,
                          Map<String, Long> statusCounts, double seconds, double requestsPerSecond,
                          LatencySummary latencyMs, Double ingestSeconds, String firstError) {
        this(scenario, entities, concurrency, requests, errors, statusCounts, seconds, requestsPerSecond, latencyMs,
                ingestSeconds, firstError, WrkRunner.JAVA, null, null, null);
    }

    /** This result with the service's peak resident set during it. */
    public ScenarioResult withRssPeakMb(Double mb) {
        return new ScenarioResult(scenario, entities, concurrency, requests, errors, statusCounts, seconds,
                requestsPerSecond, latencyMs, ingestSeconds, firstError, driver, mb, serviceCpuSeconds,
                databaseCpuSeconds);
    }

    /** This result with the CPU seconds the service and its database used during it. */
    public ScenarioResult withCpu(Double service, Double database) {
        return new ScenarioResult(scenario, entities, concurrency, requests, errors, statusCounts, seconds,
                requestsPerSecond, latencyMs, ingestSeconds, firstError, driver, rssPeakMb, service, database);
    }

    /** This result under another scenario name (e.g. {@code filtered-count:cold}). */
    public ScenarioResult named(String name) {
        return new ScenarioResult(name, entities, concurrency, requests, errors, statusCounts, seconds,
                requestsPerSecond, latencyMs, ingestSeconds, firstError, driver, rssPeakMb, serviceCpuSeconds,
                databaseCpuSeconds);
    }

    /** Whether this is the ingest scenario. */
    @JsonIgnore
    public boolean isIngest() {
        return LoadDriver.INGEST.equals(scenario);
    }

    /** This result as one row of the Markdown results table. */
    public String markdownRow() {
        LatencySummary l = latencyMs;
        String secondsCell = isIngest() && ingestSeconds == null ? "not done" : fmt(seconds, 1);
        String rate = isIngest() ? "–" : fmt(requestsPerSecond, 0);
        String cpu = serviceCpuSeconds == null ? "–" : fmt(serviceCpuSeconds, 1) + " + "
                + (databaseCpuSeconds == null ? "?" : fmt(databaseCpuSeconds, 1));
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", scenario,
                entities, concurrency, requests, errors, secondsCell, rate, fmt(l.p50(), 2), fmt(l.p90(), 2),
                fmt(l.p99(), 2), fmt(l.max(), 2), rssPeakMb == null ? "–" : fmt(rssPeakMb, 0), cpu, driver);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
