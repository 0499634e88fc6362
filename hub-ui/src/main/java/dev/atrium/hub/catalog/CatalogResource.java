package dev.atrium.hub.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atrium.hub.chart.RelationGraph;
import dev.atrium.hub.config.HubConfig;
import dev.atrium.hub.events.Activity;
import dev.atrium.hub.web.BadInput;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.PageContext;
import dev.atrium.hub.web.Pages;
import dev.atrium.hub.web.Problem;
import dev.atrium.hub.web.Section;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/** The catalog pages: search with facets, the entity page, and registering a location. */
@Path("/catalog")
@Produces(MediaType.TEXT_HTML)
public class CatalogResource {
    private static final Pattern SEARCH_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Owners are counted by relation, so that "team" and "group:default/team" in spec.owner are one owner. */
    static final String OWNER_FACET = "relations.ownedBy";
    private static final List<String> FACET_FIELDS = List.of("kind", "spec.type", OWNER_FACET, "spec.lifecycle", "metadata.tags");
    private static final int MAX_START = 100_000;
    private static final int MAX_TARGET = 2000;
    private static final int MAX_FACET_OPTIONS = 12;
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    @Inject
    CatalogClient catalog;

    @Inject
    Pages pages;

    @Inject
    Activity activity;

    @Inject
    HubConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(PageContext page, SearchView view);

        static native TemplateInstance search$results(PageContext page, SearchView view);

        static native TemplateInstance entity(PageContext page, EntityView view);

        static native TemplateInstance register(PageContext page, RegisterView view);

        static native TemplateInstance register$outcome(PageContext page, RegisterView view);

        static native TemplateInstance unavailable(PageContext page, Problem problem, String ref);
    }

    @GET
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response search(@QueryParam("q") String q, @QueryParam("kind") String kind, @QueryParam("type") String type,
            @QueryParam("owner") String owner, @QueryParam("lifecycle") String lifecycle, @QueryParam("tag") List<String> tags,
            @QueryParam("cursor") String cursor, @QueryParam("sid") String sid, @QueryParam("start") String start) {
        SearchQuery query = SearchQuery.parse(q, kind, type, owner, lifecycle, tags, cursor, config.pages().maxQueryLength());
        int first = parseStart(start);
        int pageSize = config.pages().searchPageSize();
        String searchId = validSearchId(sid);
        if (searchId == null && !query.isEmpty()) {
            searchId = UUID.randomUUID().toString();
        }
        Fetched<SearchPage> results = catalog.search(query, pageSize);
        Fetched<Map<String, List<FacetCount>>> facets = catalog.facets(FACET_FIELDS, query.cursor() == null ? query.filter() : List.of());
        if (results.isOk() && !query.isEmpty() && query.cursor() == null) {
            activity.searchPerformed(searchId, describe(query));
        }
        SearchView view = new SearchView(query, results, facetGroups(query, facets), facets.failed(), searchId, first, pageSize);
        PageContext page = pages.context(query.text().isEmpty() ? "Catalog" : "“" + query.text() + "” in the catalog", Section.CATALOG);
        int status = results.failed() ? results.problem().pageStatus() : 200;
        TemplateInstance body = pages.htmx() ? Templates.search$results(page, view) : Templates.search(page, view);
        return Response.status(status).entity(body).build();
    }

    @GET
    @Path("{kind}/{namespace}/{name}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response entity(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name, @QueryParam("sid") String sid, @QueryParam("rank") String rank) {
        if (!EntityRef.valid(kind, namespace, name)) {
            throw new BadInput("That is not a valid entity reference.");
        }
        EntityRef ref = new EntityRef(kind, namespace, name);
        Fetched<CatalogEntity> fetched = catalog.entity(ref);
        if (fetched.failed()) {
            Problem p = fetched.problem();
            PageContext page = pages.context(p.notFound() ? "Not in the catalog" : "Catalog unavailable", Section.CATALOG);
            return Response.status(p.pageStatus()).entity(Templates.unavailable(page, p, ref.toString())).build();
        }
        String searchId = validSearchId(sid);
        Integer r = parseRank(rank);
        if (searchId != null && r != null) {
            activity.resultClicked(searchId, ref.toString(), r);
        }
        CatalogEntity e = fetched.value();
        EntityView view = entityView(e);
        return Response.ok(Templates.entity(pages.context(e.displayName(), Section.CATALOG), view)).build();
    }

    @GET
    @Path("register")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public TemplateInstance registerForm() {
        return Templates.register(pages.context("Register a location", Section.CATALOG), RegisterView.empty());
    }

    @POST
    @Path("register")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response register(@RestForm String type, @RestForm String target, @RestForm String action) {
        String t = type == null ? "" : type.trim();
        String tg = target == null ? "" : target.trim();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!Set.of("url", "file", "git").contains(t)) {
            errors.put("type", "Choose url, file or git.");
        }
        if (tg.isEmpty()) {
            errors.put("target", "Enter where the catalog file is.");
        } else if (tg.length() > MAX_TARGET) {
            errors.put("target", "The target is longer than " + MAX_TARGET + " characters.");
        } else if (t.equals("url") && !isHttpUrl(tg)) {
            errors.put("target", "A url location needs an http:// or https:// address.");
        }
        boolean dryRun = !"register".equals(action);
        PageContext page = pages.context("Register a location", Section.CATALOG);
        if (!errors.isEmpty()) {
            RegisterView v = new RegisterView(t.isEmpty() ? "url" : t, tg, null, null, null, errors);
            return Response.status(400).entity(pages.htmx() ? Templates.register$outcome(page, v) : Templates.register(page, v)).build();
        }
        Fetched<LocationResult> result = catalog.addLocation(t, tg, dryRun);
        RegisterView v;
        int status;
        if (result.failed()) {
            v = new RegisterView(t, tg, null, null, result.problem(), result.problem().fieldErrors());
            status = result.problem().pageStatus();
        } else if (dryRun) {
            v = new RegisterView(t, tg, result.value(), null, null, Map.of());
            status = 200;
        } else {
            v = new RegisterView(t, tg, null, result.value(), null, Map.of());
            page = page.withNotice(PageContext.Notice.success("Location registered. Its entities appear in the catalog as they are processed."));
            status = 201;
        }
        return Response.status(status).entity(pages.htmx() ? Templates.register$outcome(page, v) : Templates.register(page, v)).build();
    }

    private EntityView entityView(CatalogEntity e) {
        Map<String, List<CatalogEntity.Relation>> byType = new LinkedHashMap<>();
        Set<EntityRef> refs = new LinkedHashSet<>();
        for (CatalogEntity.Relation r : e.relations()) {
            byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r);
            refs.add(r.target());
        }
        EntityRef owner = e.ownerRef();
        EntityRef system = EntityRef.parse(e.spec("system"), "system");
        EntityRef domain = e.ref().kind().equals("system") ? EntityRef.parse(e.spec("domain"), "domain") : null;
        if (owner != null) {
            refs.add(owner);
        }
        if (system != null) {
            refs.add(system);
        }
        Fetched<Map<EntityRef, CatalogEntity>> related = catalog.byRefs(refs);
        Map<EntityRef, CatalogEntity> relatedMap = related.orElse(Map.of());
        if (domain == null && system != null && relatedMap.containsKey(system)) {
            domain = EntityRef.parse(relatedMap.get(system).spec("domain"), "domain");
        }
        List<RelationGraph.Link> links = new ArrayList<>();
        for (CatalogEntity.Relation r : e.relations()) {
            CatalogEntity target = relatedMap.get(r.target());
            links.add(new RelationGraph.Link(r.type(), target == null ? r.target().shortName() : target.displayName(),
                    target == null ? r.target().kind() : target.kindLabel(), r.target().href()));
        }
        RelationGraph graph = RelationGraph.layout(e.displayName(), e.kindLabel(), links);
        return new EntityView(e, owner == null ? null : relatedMap.get(owner), system, domain, graph, specRows(e),
                yaml(e.raw()), byType, relatedMap, related.failed());
    }

    /** Scalar and list-of-scalar spec fields, in document order, for the "About" table. */
    private static List<EntityView.Row> specRows(CatalogEntity e) {
        List<EntityView.Row> rows = new ArrayList<>();
        e.raw().path("spec").fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            String text = null;
            if (v.isValueNode()) {
                text = v.asText();
            } else if (v.isArray() && v.size() > 0 && v.get(0).isValueNode()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                text = String.join(", ", items);
            }
            if (text != null && !text.isEmpty()) {
                rows.add(new EntityView.Row(f.getKey(), text, dev.atrium.hub.web.SafeUrl.of(text)));
            }
        });
        return rows;
    }

    static String yaml(JsonNode raw) {
        try {
            return YAML.writeValueAsString(raw);
        } catch (JsonProcessingException ex) {
            return raw.toPrettyString();
        }
    }

    private static List<FacetGroup> facetGroups(SearchQuery q, Fetched<Map<String, List<FacetCount>>> facets) {
        Map<String, List<FacetCount>> counts = facets.orElse(Map.of());
        List<FacetGroup> groups = new ArrayList<>();
        groups.add(group("Kind", "kind", "kind", false, q, counts));
        groups.add(group("Type", "type", "spec.type", false, q, counts));
        groups.add(group("Owner", "owner", OWNER_FACET, false, q, counts));
        groups.add(group("Lifecycle", "lifecycle", "spec.lifecycle", false, q, counts));
        groups.add(group("Tags", "tag", "metadata.tags", true, q, counts));
        return groups;
    }

    private static FacetGroup group(String label, String param, String field, boolean multiple, SearchQuery q,
            Map<String, List<FacetCount>> counts) {
        List<FacetGroup.Option> options = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (FacetCount c : counts.getOrDefault(field, List.of())) {
            String v = c.value().toLowerCase(java.util.Locale.ROOT);
            if (options.size() < MAX_FACET_OPTIONS && seen.add(v)) {
                options.add(new FacetGroup.Option(v, optionLabel(field, v), c.count(), q.chosen(field, v)));
            }
        }
        // a chosen value always stays visible, so it can be unchosen
        List<String> chosen = switch (param) {
            case "kind" -> q.kind() == null ? List.of() : List.of(q.kind());
            case "type" -> q.type() == null ? List.of() : List.of(q.type());
            case "owner" -> q.owner() == null ? List.of() : List.of(SearchQuery.ownerRef(q.owner()));
            case "lifecycle" -> q.lifecycle() == null ? List.of() : List.of(q.lifecycle());
            default -> q.tags();
        };
        for (String c : chosen) {
            if (seen.add(c)) {
                options.add(new FacetGroup.Option(c, optionLabel(field, c), 0, true));
            }
        }
        return new FacetGroup(label, param, field, multiple, options);
    }

    /** How a facet value reads: owners by name, the rest as they are. */
    private static String optionLabel(String field, String value) {
        return field.equals(OWNER_FACET) ? SearchQuery.ownerLabel(value) : value;
    }

    private static String describe(SearchQuery q) {
        StringBuilder sb = new StringBuilder(q.text());
        if (q.kind() != null) {
            sb.append(" kind:").append(q.kind());
        }
        if (q.type() != null) {
            sb.append(" type:").append(q.type());
        }
        if (q.owner() != null) {
            sb.append(" owner:").append(q.owner());
        }
        if (q.lifecycle() != null) {
            sb.append(" lifecycle:").append(q.lifecycle());
        }
        q.tags().forEach(t -> sb.append(" tag:").append(t));
        return sb.toString().trim();
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String validSearchId(String sid) {
        return sid != null && SEARCH_ID.matcher(sid).matches() ? sid : null;
    }

    private static int parseStart(String start) {
        if (start == null || start.isBlank()) {
            return 0;
        }
        try {
            int s = Integer.parseInt(start.trim());
            if (s < 0 || s > MAX_START) {
                throw new BadInput("The page position is out of range.");
            }
            return s;
        } catch (NumberFormatException e) {
            throw new BadInput("The page position is not a number.");
        }
    }

    private static Integer parseRank(String rank) {
        if (rank == null) {
            return null;
        }
        try {
            int r = Integer.parseInt(rank.trim());
            return r >= 1 && r <= MAX_START + 1000 ? r : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
