package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deterministic DevEx history for metrics-service: engineers with start dates (an HR CSV) and a stream of
 * events in the event contract, week by week up to the last complete week. The story is one of a portal
 * that is catching on: adoption and self-service rise, tickets, discovery time and time to first
 * contribution fall, deployments get safer. Same profile, weeks and seed give the same events.
 *
 * <ul>
 *   <li>{@code --profile bench}: {@code --engineers} (default 2000) in teams of 10, one service each, about
 *       48 events per engineer-week on average (≈ 5 M for 2,000 engineers and 52 weeks);</li>
 *   <li>{@code --profile demo}: the demo catalog's five teams and six users plus synthetic colleagues, its
 *       templates and components, lighter traffic (a few tens of thousands of events for 26 weeks).</li>
 * </ul>
 *
 * As a program it writes {@code engineers.csv} and {@code events-NNNN.json} (JSON arrays of at most 1000
 * events) into {@code --out}.
 */
public final class MetricsHistoryGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PATHS = {"/", "/catalog", "/catalog/component/payments-api", "/create", "/access",
        "/metrics", "/docs", "/catalog/api/payments-rest-api", "/toolchains", "/create/tasks"};
    private static final String[] QUERIES = {"payments", "kafka", "ledger api", "gpt gateway", "feature store",
        "quarkus template", "postgres", "on-call", "fraud model", "grafana"};
    private static final String[] IMPROVEMENTS = {"Add a Kafka consumer option", "The README still mentions Java 17",
        "Let me pick the Postgres version", "Generate a Grafana dashboard too", "Faster: the publish step took minutes",
        "Include a docs site skeleton", "Ask for the on-call rotation", "More examples for the API spec",
        "Set up renovate by default", "Explain which AI tier to pick"};

    /** One engineer: user name, team, start date and SCM login. */
    public record Engineer(String username, String team, LocalDate startDate, String scmLogin) {}

    /** One service: catalog component name, owning team, repository slug. */
    public record Service(String name, String team, String repository) {}

    /** A golden-path template and the workflow it serves. */
    public record Template(String ref, String owner, String workflow, double expectedStart, double expectedEnd) {}

    /** Per-team behaviour: adoption at the start and end of the history. */
    public record Team(String name, double adoptionStart, double adoptionEnd) {}

    private final String profile;
    private final long seed;
    private final int weeks;
    private final LocalDate lastWeek;
    private final List<Team> teams = new ArrayList<>();
    private final List<Engineer> engineers = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Template> templates = new ArrayList<>();
    private final double traffic;
    private final java.util.Map<String, LocalDate> firstMerge = new java.util.HashMap<>();
    private long counter;

    public MetricsHistoryGenerator(String profile, int engineerCount, int weeks, long seed, LocalDate today) {
        this.profile = profile;
        this.seed = seed;
        this.weeks = weeks;
        this.lastWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        Random r = new Random(seed);
        LocalDate first = lastWeek.minusWeeks(weeks - 1L);
        if ("demo".equals(profile)) {
            traffic = 0.2;
            teams.add(new Team("payments-team", 0.55, 0.85));
            teams.add(new Team("checkout-team", 0.45, 0.70));
            teams.add(new Team("ml-platform-team", 0.50, 0.80));
            teams.add(new Team("data-team", 0.30, 0.52));
            teams.add(new Team("platform-team", 0.75, 0.95));
            String[][] users = {{"alice", "payments-team"}, {"bob", "checkout-team"}, {"carol", "ml-platform-team"},
                {"dave", "data-team"}, {"erin", "platform-team"}, {"pat", "platform-team"}};
            for (String[] u : users) {
                engineers.add(new Engineer(u[0], u[1], first.minusDays(200 + r.nextInt(900)), u[0] + "-gh"));
            }
            for (Team t : teams) {
                String prefix = t.name().replace("-team", "");
                int n = 9 + r.nextInt(6);
                for (int i = 1; i <= n; i++) {
                    engineers.add(new Engineer(prefix + "-eng-" + String.format(Locale.ROOT, "%02d", i), t.name(), startDate(r, first),
                            prefix + "-eng-" + i + "-gh"));
                }
            }
            String[][] svc = {{"payments-api", "payments-team", "payments"}, {"ledger-service", "payments-team", "payments"},
                {"refunds-worker", "payments-team", "payments"}, {"cart-service", "checkout-team", "checkout"},
                {"checkout-web", "checkout-team", "checkout"}, {"fraud-scoring-service", "data-team", "fraud"},
                {"feature-store", "data-team", "ml"}, {"ai-gateway-service", "ml-platform-team", "ml"},
                {"model-serving-runtime", "ml-platform-team", "ml"}};
            for (String[] s : svc) {
                services.add(new Service(s[0], s[1], s[2] + "/" + s[0]));
            }
            templates.add(new Template("template:default/quarkus-service", "group:default/platform-team", "new-service", 0.72, 0.91));
            templates.add(new Template("template:default/python-ml-service", "group:default/ml-platform-team", "new-service", 0.55, 0.78));
            templates.add(new Template("template:default/request-ai-model-access", "group:default/ml-platform-team", "access-request", 0.80, 0.93));
            templates.add(new Template("template:default/docs-site", "group:default/platform-team", "documentation", 0.85, 0.88));
        } else {
            traffic = 1.0;
            int teamCount = Math.max(1, (engineerCount + 9) / 10);
            for (int t = 0; t < teamCount; t++) {
                String name = String.format(Locale.ROOT, "team-%03d", t);
                double start = 0.35 + r.nextDouble() * 0.35;
                teams.add(new Team(name, start, Math.min(0.97, start + 0.1 + r.nextDouble() * 0.25)));
                String svcName = String.format(Locale.ROOT, "svc-%03d", t);
                services.add(new Service(svcName, name, "org/" + svcName));
            }
            for (int i = 0; i < engineerCount; i++) {
                Team t = teams.get(i % teamCount);
                engineers.add(new Engineer(String.format(Locale.ROOT, "eng-%05d", i), t.name(), startDate(r, first),
                        String.format(Locale.ROOT, "gh-eng-%05d", i)));
            }
            templates.add(new Template("template:default/quarkus-service", "group:default/team-000", "new-service", 0.7, 0.9));
            templates.add(new Template("template:default/python-ml-service", "group:default/team-001", "new-service", 0.6, 0.8));
            templates.add(new Template("template:default/request-ai-model-access", "group:default/team-001", "access-request", 0.8, 0.9));
            templates.add(new Template("template:default/environment", "group:default/team-000", "environment", 0.6, 0.85));
            templates.add(new Template("template:default/docs-site", "group:default/team-000", "documentation", 0.85, 0.9));
        }
        // Time to first contribution: log-normal days, median 7 before the history, falling to 2 by its end.
        for (Engineer e : engineers) {
            double p = Math.max(0, Math.min(1, (e.startDate().toEpochDay() - first.toEpochDay()) / (weeks * 7.0)));
            long days = Math.max(0, Math.round(lognormal(r, lerp(7.0, 2.0, p), 0.6)));
            firstMerge.put(e.username(), e.startDate().plusDays(days));
        }
    }

    /**
     * Most started before the history, the rest join during it (the TTFC cohorts): 30 % in the bench
     * profile, half in the small demo so each month's cohort is big enough to show its median.
     */
    private LocalDate startDate(Random r, LocalDate first) {
        if (r.nextDouble() < ("demo".equals(profile) ? 0.5 : 0.7)) {
            return first.minusDays(30 + r.nextInt(600));
        }
        return first.plusDays(r.nextInt(weeks * 7));
    }

    public List<Engineer> engineers() {
        return engineers;
    }

    public List<Service> services() {
        return services;
    }

    public LocalDate firstWeek() {
        return lastWeek.minusWeeks(weeks - 1L);
    }

    public LocalDate lastWeek() {
        return lastWeek;
    }

    /** The HR import for {@code POST /engineers/import}. */
    public String engineersCsv() {
        StringBuilder sb = new StringBuilder("username,startDate,team,scmLogin\n");
        engineers.forEach(e -> sb.append(e.username()).append(',').append(e.startDate()).append(',').append(e.team())
                .append(',').append(e.scmLogin()).append('\n'));
        return sb.toString();
    }

    /** Produces every event, one week at a time, oldest first. */
    public void generate(Consumer<ObjectNode> sink) {
        counter = 0;
        Random pre = new Random(seed);
        for (Engineer e : engineers) {
            LocalDate d = firstMerge.get(e.username());
            if (d.isBefore(firstWeek())) {
                sink.accept(pr(e, serviceOf(e.team()), at(d, 10 + pre.nextInt(7), pre)));
            }
        }
        for (int w = 0; w < weeks; w++) {
            week(w, new Random(seed * 1_000_003L + w), sink);
        }
    }

    private void week(int w, Random r, Consumer<ObjectNode> sink) {
        LocalDate monday = firstWeek().plusWeeks(w);
        LocalDate sunday = monday.plusDays(6);
        double p = weeks == 1 ? 1 : w / (double) (weeks - 1);
        for (Engineer e : engineers) {
            if (e.startDate().isAfter(sunday)) {
                continue;
            }
            Team team = team(e.team());
            boolean newHire = !e.startDate().isBefore(monday);
            if (newHire) {
                sink.accept(event("engineer.started", e.username(), e.team(), at(e.startDate(), 9, r),
                        "startDate", e.startDate().toString()));
            }
            LocalDate firstPr = firstMerge.get(e.username());
            if (!firstPr.isBefore(monday) && !firstPr.isAfter(sunday)) {
                sink.accept(pr(e, serviceOf(e.team()), at(firstPr, 10 + r.nextInt(7), r)));
            }
            if (r.nextDouble() > lerp(team.adoptionStart(), team.adoptionEnd(), p)) {
                continue;
            }
            LocalDate from = newHire ? e.startDate() : monday;
            int views = (int) Math.round((30 + r.nextInt(61)) * traffic);
            for (int i = 0; i < views; i++) {
                sink.accept(event("page.viewed", e.username(), e.team(), workTime(from, sunday, r), "path", PATHS[r.nextInt(PATHS.length)]));
            }
            int searches = (int) Math.round(r.nextInt(15) * traffic);
            for (int i = 0; i < searches; i++) {
                Instant t = workTime(from, sunday, r);
                String id = "s-" + seed + "-" + counter;
                sink.accept(event("search.performed", e.username(), e.team(), t, "searchId", id, "query", QUERIES[r.nextInt(QUERIES.length)]));
                if (r.nextDouble() < lerp(0.7, 0.85, p)) {
                    long delay = Math.max(1, Math.round(lognormal(r, lerp(45, 18, p), 0.8)));
                    sink.accept(event("search.result.clicked", e.username(), e.team(), t.plusSeconds(delay), "searchId", id,
                            "entityRef", "component:default/" + services.get(r.nextInt(services.size())).name(), "rank", 1 + r.nextInt(5)));
                }
            }
            if (r.nextDouble() < 0.06 * (traffic < 1 ? 2 : 1)) {
                sink.accept(event("survey.answered", e.username(), e.team(), workTime(from, sunday, r), "survey", "discovery",
                        "found", r.nextDouble() < lerp(0.58, 0.81, p)));
            }
            LocalDate mergeFrom = firstPr.plusDays(1).isAfter(from) ? firstPr.plusDays(1) : from;
            if (!mergeFrom.isAfter(sunday)) {
                int merges = (int) Math.round(r.nextInt(6) * Math.max(traffic, 0.5));
                for (int i = 0; i < merges; i++) {
                    sink.accept(pr(e, serviceOf(e.team()), workTime(mergeFrom, sunday, r)));
                }
            }
            workflows(e, from, sunday, p, r, sink);
        }
        for (Service s : services) {
            deployments(s, monday, sunday, p, r, sink);
        }
    }

    private void workflows(Engineer e, LocalDate from, LocalDate to, double p, Random r, Consumer<ObjectNode> sink) {
        if (r.nextDouble() < lerp(0.25, 0.45, p)) {
            Template t = templates.get(r.nextInt(templates.size()));
            Instant at = workTime(from, to, r);
            double roll = r.nextDouble();
            String status = roll < lerp(0.88, 0.96, p) ? "completed" : roll < 0.98 ? "failed" : "cancelled";
            String taskId = "task-" + seed + "-" + counter;
            sink.accept(event("task.finished", e.username(), e.team(), at, "taskId", taskId, "template", t.ref(),
                    "templateOwner", t.owner(), "workflow", t.workflow(), "status", status,
                    "durationMs", 20_000 + r.nextInt(200_000)));
            if ("completed".equals(status) && "access-request".equals(t.workflow())) {
                sink.accept(event("access.provisioned", e.username(), e.team(), at.plusSeconds(30 + r.nextInt(600)),
                        "requestId", "req-" + seed + "-" + counter, "model", "aimodel:default/gpt-gateway",
                        "tier", r.nextBoolean() ? "open" : "standard", "workflow", "access-request", "durationMs", 30_000 + r.nextInt(600_000)));
            }
            if ("completed".equals(status) && r.nextDouble() < 0.45) {
                boolean expected = r.nextDouble() < lerp(t.expectedStart(), t.expectedEnd(), p);
                String improvement = r.nextDouble() < (expected ? 0.2 : 0.7) ? IMPROVEMENTS[r.nextInt(IMPROVEMENTS.length)] : "";
                sink.accept(event("survey.answered", e.username(), e.team(), at.plusSeconds(60 + r.nextInt(3600)),
                        "survey", "template", "taskId", taskId, "template", t.ref(), "templateOwner", t.owner(),
                        "expected", expected, "improvement", improvement,
                        "taskUrl", "http://localhost:8080/create/tasks/" + taskId));
            }
        }
        String[] ticketWorkflows = {"new-service", "access-request", "environment"};
        double[] start = {0.05, 0.10, 0.12};
        double[] end = {0.015, 0.02, 0.08};
        for (int i = 0; i < ticketWorkflows.length; i++) {
            if (r.nextDouble() < lerp(start[i], end[i], p)) {
                sink.accept(event("ticket.opened", e.username(), e.team(), workTime(from, to, r), "workflow", ticketWorkflows[i],
                        "ticketId", "ITSM-" + seed + "-" + counter, "source", "servicenow"));
            }
        }
    }

    private void deployments(Service s, LocalDate monday, LocalDate sunday, double p, Random r, Consumer<ObjectNode> sink) {
        int n = (int) Math.round((2 + r.nextInt(6)) * lerp(0.8, 1.4, p));
        for (int i = 0; i < n; i++) {
            Instant at = workTime(monday, sunday, r);
            String id = "dep-" + seed + "-" + counter;
            boolean failed = r.nextDouble() < lerp(0.14, 0.06, p);
            sink.accept(event("deployment.finished", null, s.team(), at, "deploymentId", id, "service", s.name(),
                    "environment", "production", "status", failed ? "failure" : "success", "repository", s.repository()));
            if (!failed && r.nextDouble() < lerp(0.07, 0.03, p)) {
                String incident = "inc-" + seed + "-" + counter;
                Instant opened = at.plusSeconds(600 + r.nextInt(7200));
                sink.accept(event("incident.opened", null, s.team(), opened, "incidentId", incident, "service", s.name(),
                        "deploymentId", id));
                long hours = Math.max(1, Math.round(lognormal(r, lerp(5, 2, p), 0.7) * 3600));
                Instant resolved = opened.plusSeconds(hours);
                if (resolved.isBefore(lastWeek.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                    sink.accept(event("incident.resolved", null, s.team(), resolved, "incidentId", incident, "service", s.name()));
                }
            }
        }
    }

    private ObjectNode pr(Engineer e, Service s, Instant at) {
        long n = counter + 1;
        return event("pr.merged", e.username(), e.team(), at, "repository", s.repository(), "number", n,
                "author", e.username(), "mergedAt", at.toString());
    }

    private ObjectNode event(String type, String actor, String team, Instant time, Object... attributes) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", profile + "-" + seed + ":" + (counter++));
        e.put("type", type);
        if (actor != null) {
            e.put("actor", actor);
        }
        e.put("team", team);
        e.put("time", time.toString());
        ObjectNode a = e.putObject("attributes");
        for (int i = 0; i < attributes.length; i += 2) {
            Object v = attributes[i + 1];
            String k = (String) attributes[i];
            if (v instanceof Boolean b) {
                a.put(k, b);
            } else if (v instanceof Integer n) {
                a.put(k, n);
            } else if (v instanceof Long n) {
                a.put(k, n);
            } else {
                a.put(k, String.valueOf(v));
            }
        }
        return e;
    }

    private Team team(String name) {
        return teams.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private Service serviceOf(String team) {
        return services.stream().filter(s -> s.team().equals(team)).findFirst().orElse(services.get(0));
    }

    private static Instant workTime(LocalDate from, LocalDate to, Random r) {
        int span = (int) Math.max(1, to.toEpochDay() - from.toEpochDay() + 1);
        LocalDate d = from.plusDays(r.nextInt(span));
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.minusDays(d.getDayOfWeek() == DayOfWeek.SATURDAY ? 1 : 2);
            if (d.isBefore(from)) {
                d = from;
            }
        }
        return at(d, 8 + r.nextInt(10), r);
    }

    private static Instant at(LocalDate d, int hour, Random r) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L + r.nextInt(3600));
    }

    private static double lerp(double a, double b, double p) {
        return a + (b - a) * p;
    }

    /** A log-normal sample with the given median and shape. */
    private static double lognormal(Random r, double median, double sigma) {
        return median * Math.exp(sigma * r.nextGaussian());
    }

    /** Writes engineers.csv and events-NNNN.json batches of at most 1000 events into {@code out}. */
    public static void main(String[] args) throws IOException {
        CliArgs cli = CliArgs.parse(args, Set.of("profile", "engineers", "weeks", "seed", "out", "today"), Set.of());
        String profile = cli.string("profile", "demo");
        if (!profile.equals("demo") && !profile.equals("bench")) {
            throw new IllegalArgumentException("--profile must be demo or bench");
        }
        Path out = Path.of(cli.string("out", "bench/out/metrics-" + profile));
        LocalDate today = LocalDate.parse(cli.string("today", LocalDate.now(ZoneOffset.UTC).toString()));
        MetricsHistoryGenerator g = new MetricsHistoryGenerator(profile, cli.integer("engineers", 2000),
                cli.integer("weeks", profile.equals("demo") ? 26 : 52), cli.longValue("seed", 42), today);
        Files.createDirectories(out);
        try (var old = Files.list(out)) {
            for (Path f : (Iterable<Path>) old::iterator) {
                if (f.getFileName().toString().startsWith("events-")) {
                    Files.delete(f);
                }
            }
        }
        Files.writeString(out.resolve("engineers.csv"), g.engineersCsv());
        ArrayNode[] batch = {JSON.createArrayNode()};
        int[] files = {0};
        long[] total = {0};
        Consumer<ArrayNode> flush = b -> {
            try {
                Files.writeString(out.resolve(String.format(Locale.ROOT, "events-%04d.json", files[0]++)), JSON.writeValueAsString(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        g.generate(e -> {
            batch[0].add(e);
            total[0]++;
            if (batch[0].size() == 1000) {
                flush.accept(batch[0]);
                batch[0] = JSON.createArrayNode();
            }
        });
        if (!batch[0].isEmpty()) {
            flush.accept(batch[0]);
        }
        System.out.printf(Locale.ROOT, "%d engineers, %d events in %d files, weeks %s to %s, in %s%n", g.engineers().size(),
                total[0], files[0], g.firstWeek(), g.lastWeek(), out);
    }
}
