package dev.atrium.hub.home;

import dev.atrium.hub.access.AccessClient;
import dev.atrium.hub.access.AccessViews;
import dev.atrium.hub.catalog.CatalogClient;
import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.catalog.EntityRef;
import dev.atrium.hub.catalog.HistoryEvent;
import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.chart.LineChart;
import dev.atrium.hub.chart.Numbers;
import dev.atrium.hub.config.HubConfig;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.PageContext;
import dev.atrium.hub.web.Pages;
import dev.atrium.hub.web.Parallel;
import dev.atrium.hub.web.Problem;
import dev.atrium.hub.web.Section;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The AI Toolchain Hub, the home page: every AIModel and Toolchain with its status, tier, owner and docs,
 * token usage by team, What's New and the user's keys. The six service calls run side by side.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HubResource {
    static final int USAGE_DAYS = 30;
    static final int MAX_MODELS = 200;
    static final int ANNOUNCEMENTS = 10;
    static final int USAGE_BARS = 10;
    static final int USAGE_LINES = 5;
    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("MMM d", java.util.Locale.ENGLISH);
    private static final List<String> TIERS = List.of("open", "standard", "restricted");

    @Inject
    CatalogClient catalog;

    @Inject
    AccessClient access;

    @Inject
    Pages pages;

    @Inject
    Parallel parallel;

    @Inject
    HubConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(PageContext page, HomeView view);
    }

    @GET
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response home() {
        Future<Fetched<List<CatalogEntity>>> models = parallel.submit(
                () -> catalog.find(List.of("kind=aimodel", "kind=toolchain"), MAX_MODELS));
        Future<Fetched<Map<String, AccessViews.ModelStatus>>> status = parallel.submit(access::modelStatus);
        Future<Fetched<AccessViews.UsageSummary>> usage = parallel.submit(() -> access.usageByTeam(USAGE_DAYS));
        Future<Fetched<List<HistoryEvent>>> history = parallel.submit(() -> catalog.history(config.pages().historyScan()));
        Future<Fetched<List<AccessViews.Announcement>>> news = parallel.submit(() -> access.announcements(ANNOUNCEMENTS));
        Future<Fetched<List<AccessViews.ApiKey>>> keys = parallel.submit(access::myKeys);

        Fetched<List<CatalogEntity>> entities = parallel.join(models, CatalogClient.SERVICE);
        Fetched<Map<String, AccessViews.ModelStatus>> statuses = parallel.join(status, AccessClient.SERVICE);
        Fetched<List<ModelCard>> cards = entities.map(list -> cards(list, statuses.orElse(Map.of())));
        Fetched<UsageChart> usageChart = parallel.join(usage, AccessClient.SERVICE).map(HubResource::usageChart);
        Fetched<List<HistoryEvent>> historyEvents = parallel.join(history, CatalogClient.SERVICE);
        Fetched<List<AccessViews.Announcement>> announcements = parallel.join(news, AccessClient.SERVICE);
        List<CatalogEntity> known = entities.orElse(List.of());
        Fetched<List<WhatsNewItem>> whatsNew;
        Problem partial = null;
        if (historyEvents.failed() && announcements.failed()) {
            whatsNew = Fetched.failed(historyEvents.problem());
        } else {
            if (historyEvents.failed() || announcements.failed()) {
                partial = historyEvents.failed() ? historyEvents.problem() : announcements.problem();
            }
            whatsNew = Fetched.of(whatsNew(historyEvents.orElse(List.of()), announcements.orElse(List.of()), known));
        }
        HomeView view = new HomeView(cards, statuses.failed() ? statuses.problem() : null, usageChart, whatsNew, partial,
                parallel.join(keys, AccessClient.SERVICE));
        PageContext page = pages.context("AI Toolchain Hub", Section.HUB);
        return Response.status(cards.failed() ? cards.problem().pageStatus() : 200).entity(Templates.home(page, view)).build();
    }

    static List<ModelCard> cards(List<CatalogEntity> entities, Map<String, AccessViews.ModelStatus> statuses) {
        Map<String, CatalogEntity> byRef = new HashMap<>();
        entities.forEach(e -> byRef.put(e.ref().toString(), e));
        List<ModelCard> out = new ArrayList<>();
        for (CatalogEntity e : entities) {
            String status = statusOf(e, statuses, byRef);
            AccessViews.ModelStatus s = statuses.get(e.ref().toString());
            String tier = tierOf(e, byRef);
            String requestType = e.raw().path("spec").path("requestAccess").path("type").asText("selfService");
            boolean requestable = !"none".equals(requestType) && !"deprecated".equals(e.lifecycle());
            out.add(new ModelCard(e, status, s == null ? null : s.source(), tier, ModelCard.docsOf(e), ModelCard.policyOf(e), requestable));
        }
        // deprecated last, then by name
        out.sort(Comparator.comparing((ModelCard c) -> "deprecated".equals(c.status())).thenComparing(c -> c.entity().displayName().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static String statusOf(CatalogEntity e, Map<String, AccessViews.ModelStatus> statuses, Map<String, CatalogEntity> byRef) {
        if ("deprecated".equals(e.lifecycle())) {
            return "deprecated";
        }
        AccessViews.ModelStatus s = statuses.get(e.ref().toString());
        if (s != null && s.status() != null) {
            return s.status();
        }
        if (e.ref().kind().equals("toolchain")) {
            // a toolchain is as healthy as the worst of its models
            String worst = null;
            for (String m : e.specList("models")) {
                EntityRef ref = EntityRef.parse(m, "aimodel");
                AccessViews.ModelStatus ms = ref == null ? null : statuses.get(ref.toString());
                String st = ms == null ? null : ms.status();
                if (st == null) {
                    continue;
                }
                if (worst == null || rank(st) > rank(worst)) {
                    worst = st;
                }
            }
            return worst == null ? "unknown" : worst;
        }
        return "unknown";
    }

    private static int rank(String status) {
        return switch (status) {
            case "operational" -> 0;
            case "unknown" -> 1;
            case "degraded" -> 2;
            default -> 3;
        };
    }

    private static String tierOf(CatalogEntity e, Map<String, CatalogEntity> byRef) {
        if (!e.ref().kind().equals("toolchain")) {
            return e.spec("accessTier");
        }
        String strictest = null;
        for (String m : e.specList("models")) {
            EntityRef ref = EntityRef.parse(m, "aimodel");
            CatalogEntity model = ref == null ? null : byRef.get(ref.toString());
            String t = model == null ? null : model.spec("accessTier");
            if (t != null && TIERS.contains(t) && (strictest == null || TIERS.indexOf(t) > TIERS.indexOf(strictest))) {
                strictest = t;
            }
        }
        return strictest;
    }

    static UsageChart usageChart(AccessViews.UsageSummary summary) {
        List<AccessViews.UsageTotal> rows = summary.totals() == null ? List.of() : summary.totals();
        Map<String, Long> byTeam = new java.util.LinkedHashMap<>();
        Map<String, Map<java.time.LocalDate, Long>> byDay = new java.util.LinkedHashMap<>();
        for (AccessViews.UsageTotal t : rows) {
            byTeam.merge(t.teamName(), t.tokens(), Long::sum);
            if (t.day() != null) {
                byDay.computeIfAbsent(t.teamName(), k -> new HashMap<>()).merge(t.day(), t.tokens(), Long::sum);
            }
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(byTeam.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<BarChart.Item> items = new ArrayList<>();
        for (Map.Entry<String, Long> e : ranked.subList(0, Math.min(USAGE_BARS, ranked.size()))) {
            items.add(new BarChart.Item(e.getKey(), e.getValue(), 0, Numbers.compact(e.getValue()) + " tokens"));
        }
        BarChart totals = BarChart.of("Tokens used by team in the last " + USAGE_DAYS + " days", items);
        LineChart daily = null;
        if (!byDay.isEmpty()) {
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            List<String> labels = new ArrayList<>();
            List<java.time.LocalDate> days = new ArrayList<>();
            for (int i = USAGE_DAYS - 1; i >= 0; i--) {
                java.time.LocalDate d = today.minusDays(i);
                days.add(d);
                labels.add(DAY.format(d));
            }
            List<LineChart.Input> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : ranked.subList(0, Math.min(USAGE_LINES, ranked.size()))) {
                Map<java.time.LocalDate, Long> perDay = byDay.getOrDefault(e.getKey(), Map.of());
                List<Double> values = new ArrayList<>();
                days.forEach(d -> values.add((double) perDay.getOrDefault(d, 0L)));
                lines.add(new LineChart.Input(e.getKey(), values));
            }
            daily = LineChart.of("Tokens per day by team, last " + USAGE_DAYS + " days", labels, lines, null, null, null, Numbers::compact);
        }
        return new UsageChart(daily, totals);
    }

    static List<WhatsNewItem> whatsNew(List<HistoryEvent> history, List<AccessViews.Announcement> announcements,
            List<CatalogEntity> known) {
        Map<String, CatalogEntity> byRef = new HashMap<>();
        known.forEach(e -> byRef.put(e.ref().toString(), e));
        List<WhatsNewItem> items = new ArrayList<>();
        for (HistoryEvent h : history) {
            String kind = h.ref().kind();
            if (!kind.equals("aimodel") && !kind.equals("toolchain")) {
                continue;
            }
            CatalogEntity e = byRef.get(h.ref().toString());
            String name = e == null ? h.ref().name() : e.displayName();
            String what = kind.equals("aimodel") ? "AI model" : "Toolchain";
            String title = switch (h.event()) {
                case "added" -> "New " + (kind.equals("aimodel") ? "AI model" : "toolchain") + ": " + name;
                case "removed" -> what + " removed: " + name;
                default -> what + " updated: " + name;
            };
            String detail = "changed".equals(h.event()) && !h.changedFields().isEmpty()
                    ? "Changed " + String.join(", ", h.changedFields().subList(0, Math.min(3, h.changedFields().size()))) : null;
            items.add(new WhatsNewItem(h.at() == null ? null : h.at().toInstant(), "catalog", title, detail,
                    "removed".equals(h.event()) ? null : h.ref().href()));
        }
        for (AccessViews.Announcement a : announcements) {
            String href = dev.atrium.hub.web.SafeUrl.of(a.link());
            if (href == null && a.modelRef() != null) {
                EntityRef ref = EntityRef.parse(a.modelRef(), "aimodel");
                href = ref == null ? null : ref.href();
            }
            items.add(new WhatsNewItem(a.publishedAt(), "announcement", a.title(), a.body(), href));
        }
        items.sort(Comparator.comparing(WhatsNewItem::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return items.size() > 8 ? List.copyOf(items.subList(0, 8)) : items;
    }

    static Instant now() {
        return Instant.now();
    }
}
