package dev.atrium.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic answer set for all four services, shaped like the demo data of {@code dev/demo-catalog}:
 * AI models and toolchains with status and usage, teams, a service with relations, golden-path templates
 * with their parameter schemas, a finished task, access requests and keys, and twelve weeks of metrics.
 * Page tests take the parts they need; the browser test and the screenshots use all of it.
 */
public final class DemoStubs {
    public static final String REQUEST_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    public static final String PENDING_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    public static final String TASK_ID = "3f1c2a9e-5d7b-4e8a-9c1f-2b6d8e4a7c10";
    public static final String API_KEY = "atr_live_5Qm2x9WfK3pLr8Tz1Vb7Nc4Hd6Js0Ye";

    private static final Map<String, ObjectNode> ENTITIES = new LinkedHashMap<>();

    private DemoStubs() {
    }

    public static Map<String, ObjectNode> entities() {
        if (ENTITIES.isEmpty()) {
            build();
        }
        return ENTITIES;
    }

    private static void put(Fixtures.EntityBuilder b) {
        ENTITIES.put(b.ref(), b.build());
    }

    private static void build() {
        var codeLlm = Fixtures.entity("AIModel", "code-llm").title("Code LLM")
                .description("Code completion and code chat through the AI gateway, with a larger model as fallback for long contexts.")
                .tags("llm", "code").owner("ml-platform-team").spec("lifecycle", "production").spec("modelType", "gateway")
                .spec("accessTier", "standard").spec("costCenter", "CC-4200-ml-platform").spec("system", "ai-gateway")
                .spec("usagePolicy", "https://docs.atrium.example/policies/ai-acceptable-use#code")
                .link("https://docs.atrium.example/ai/models/code-llm", "Model card")
                .relation("partOf", "system:default/ai-gateway").relation("modelUsedBy", "toolchain:default/code-assist");
        codeLlm.specArray("underlyingModels", "qwen2.5-coder-32b-instruct", "llama-3.3-70b-instruct");
        codeLlm.specObject("requestAccess").put("type", "selfService").put("scaffolderTemplate", "template:default/request-ai-model-access");
        put(codeLlm);
        var chat = Fixtures.entity("AIModel", "chat-assistant").title("Chat assistant")
                .description("General-purpose chat model for internal tools, summaries and drafting. Internal data allowed, no PII.")
                .tags("llm", "chat").owner("ml-platform-team").spec("lifecycle", "production").spec("modelType", "gateway")
                .spec("accessTier", "open").spec("usagePolicy", "https://docs.atrium.example/policies/ai-acceptable-use")
                .link("https://docs.atrium.example/ai/models/chat-assistant", "Model card")
                .relation("modelUsedBy", "toolchain:default/code-assist").relation("modelUsedBy", "toolchain:default/incident-copilot");
        chat.specObject("requestAccess").put("type", "selfService");
        put(chat);
        var summarizer = Fixtures.entity("AIModel", "support-summarizer").title("Support ticket summarizer")
                .description("Fine-tuned on redacted support tickets to summarise a conversation and suggest the next action.")
                .tags("llm", "fine-tuned", "pii").owner("data-team").spec("lifecycle", "experimental").spec("modelType", "fine-tuned")
                .spec("accessTier", "restricted").spec("usagePolicy", "https://docs.atrium.example/policies/ai-acceptable-use#customer-data");
        summarizer.specObject("requestAccess").put("type", "selfService");
        put(summarizer);
        var legacy = Fixtures.entity("AIModel", "chat-assistant-legacy").title("Chat assistant (legacy)")
                .description("The first gateway chat model. Replaced by chat-assistant; switched off at the end of the quarter.")
                .tags("llm", "chat").owner("ml-platform-team").spec("lifecycle", "deprecated").spec("modelType", "gateway")
                .spec("accessTier", "open");
        legacy.specObject("requestAccess").put("type", "none");
        put(legacy);
        var assist = Fixtures.entity("Toolchain", "code-assist").title("Code assist")
                .description("IDE plugin for completion and code chat in IntelliJ and VS Code, wired to the AI gateway.")
                .tags("ide", "llm").owner("platform-team").spec("lifecycle", "production").spec("type", "coding-assistant")
                .link("https://plugins.atrium.example/code-assist", "Download the plugins")
                .relation("usesModel", "aimodel:default/code-llm").relation("usesModel", "aimodel:default/chat-assistant");
        assist.specArray("models", "aimodel:default/code-llm", "aimodel:default/chat-assistant");
        assist.build().withObject("/spec").putArray("docs").addObject()
                .put("url", "https://docs.atrium.example/toolchains/code-assist/getting-started").put("title", "Getting started");
        put(assist);
        var copilot = Fixtures.entity("Toolchain", "incident-copilot").title("Incident copilot")
                .description("Summarises alerts, logs and recent deploys during an incident and drafts the post-incident timeline.")
                .tags("sre", "llm").owner("ml-platform-team").spec("lifecycle", "production").spec("type", "observability")
                .relation("usesModel", "aimodel:default/chat-assistant");
        copilot.specArray("models", "aimodel:default/chat-assistant");
        copilot.specObject("requestAccess").put("type", "ticket");
        put(copilot);
        for (String[] g : new String[][] {{"payments-team", "Payments"}, {"checkout-team", "Checkout"}, {"ml-platform-team", "ML platform"},
                {"platform-team", "Platform"}, {"data-team", "Data"}}) {
            var group = Fixtures.entity("Group", g[0]).title(g[1]).description("The " + g[1].toLowerCase() + " team.").spec("type", "team");
            put(group);
        }
        var payments = Fixtures.entity("Component", "payments-api").title("Payments API")
                .description("Takes card and wallet payments for the checkout and issues refunds.")
                .tags("java", "quarkus", "payments").owner("payments-team").spec("type", "service").spec("lifecycle", "production")
                .spec("system", "payments").link("https://git.atrium.example/payments/payments-api", "Source")
                .annotation("backstage.io/techdocs-ref", "dir:.")
                // as long as real ones get: the raw YAML must not push the page sideways
                .annotation("backstage.io/managed-by-location", "url:https://git.atrium.example/payments/payments-api/blob/main/"
                        + "services/payments-api/deploy/catalog/components/catalog-info-with-a-very-long-path.yaml")
                .relation("partOf", "system:default/payments").relation("providesApi", "api:default/payments-rest")
                .relation("consumesApi", "api:default/fraud-check").relation("dependsOn", "resource:default/payments-db");
        put(payments);
        var system = Fixtures.entity("System", "payments").title("Payments").description("Everything that moves money.")
                .owner("payments-team").spec("domain", "commerce").relation("hasPart", "component:default/payments-api");
        put(system);
        put(Fixtures.entity("System", "ai-gateway").title("AI gateway").description("Routes model calls, enforces keys and budgets.")
                .owner("ml-platform-team"));
        put(Fixtures.entity("API", "payments-rest").title("Payments REST API").owner("payments-team").spec("type", "openapi")
                .spec("lifecycle", "production").relation("apiProvidedBy", "component:default/payments-api"));
        put(Fixtures.entity("API", "fraud-check").title("Fraud check API").owner("checkout-team").spec("type", "grpc")
                .spec("lifecycle", "production").relation("apiConsumedBy", "component:default/payments-api"));
        put(Fixtures.entity("Resource", "payments-db").title("Payments database").owner("payments-team").spec("type", "database")
                .relation("dependencyOf", "component:default/payments-api"));
        put(template("quarkus-service", "Quarkus REST service",
                "A Java 21 Quarkus service with PostgreSQL and Flyway, OIDC security, health, metrics, OpenAPI, a Helm chart and CI.",
                "platform-team", "service", "java", "quarkus", "recommended"));
        put(template("request-ai-model-access", "Request access to an AI model",
                "Ask for an API key for an approved AI model or toolchain for your team.", "ml-platform-team", "ai-access", "ai", "access"));
        put(template("docs-site", "Documentation site", "A MkDocs site published with TechDocs, for a team handbook or design docs.",
                "platform-team", "documentation", "docs", "techdocs"));
    }

    private static Fixtures.EntityBuilder template(String name, String title, String description, String owner, String type, String... tags) {
        return Fixtures.entity("Template", name).title(title).description(description).owner(owner).spec("type", type)
                .spec("lifecycle", "production").tags(tags);
    }

    public static ObjectNode entity(String ref) {
        return entities().get(ref);
    }

    public static List<ObjectNode> ofKind(String... kinds) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : entities().values()) {
            for (String k : kinds) {
                if (e.path("kind").asText().equalsIgnoreCase(k)) {
                    out.add(e);
                }
            }
        }
        out.sort((a, b) -> a.path("metadata").path("name").asText().compareTo(b.path("metadata").path("name").asText()));
        return out;
    }

    /** Stubs every service with the demo data. */
    public static void all() {
        catalog();
        scaffolder();
        access();
        metrics();
    }

    public static void catalog() {
        var s = Stubs.server();
        for (var e : entities().entrySet()) {
            String[] parts = e.getKey().split("[:/]");
            s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-name/" + parts[0] + "/" + parts[1] + "/" + parts[2]))
                    .willReturn(Stubs.ok(e.getValue())));
        }
        // the search: everything, newest cursor first page
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(5)
                .willReturn(Stubs.ok(page(new ArrayList<>(entities().values()).subList(0, 12), entities().size(), "demo-next"))));
        List<ObjectNode> payments = entities().entrySet().stream().filter(e -> e.getKey().contains("payments")).map(Map.Entry::getValue).toList();
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(4)
                .withQueryParam("fullTextFilterTerm", equalTo("pay")).willReturn(Stubs.ok(page(payments, payments.size(), null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(4)
                .withQueryParam("fullTextFilterTerm", equalTo("pay")).withQueryParam("filter", equalTo("kind=component"))
                .willReturn(Stubs.ok(page(List.of(entity("component:default/payments-api")), 1, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(3)
                .withQueryParam("filter", havingExactly("kind=aimodel", "kind=toolchain"))
                .willReturn(Stubs.ok(page(ofKind("AIModel", "Toolchain"), 6, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(3)
                .withQueryParam("filter", havingExactly("kind=group")).willReturn(Stubs.ok(page(ofKind("Group"), 5, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(3)
                .withQueryParam("filter", havingExactly("kind=template")).willReturn(Stubs.ok(page(ofKind("Template"), 3, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(3)
                .withQueryParam("filter", havingExactly("kind=system")).willReturn(Stubs.ok(page(ofKind("System"), 2, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).atPriority(3)
                .withQueryParam("filter", havingExactly("kind=aimodel")).willReturn(Stubs.ok(page(ofKind("AIModel"), 4, null))));
        ObjectNode items = Fixtures.JSON.createObjectNode();
        ArrayNode arr = items.putArray("items");
        entities().values().forEach(arr::add);
        s.stubFor(post(urlPathEqualTo(Stubs.CATALOG + "/entities/by-refs")).willReturn(Stubs.ok(items)));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entity-facets")).willReturn(Stubs.ok(facets())));
        s.stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/history")).willReturn(Stubs.ok(history())));
    }

    public static ObjectNode page(List<ObjectNode> items, int total, String next) {
        return Fixtures.queryPage(total, next, null, items.toArray(ObjectNode[]::new));
    }

    static ObjectNode facets() {
        ObjectNode f = Fixtures.JSON.createObjectNode();
        ObjectNode facets = f.putObject("facets");
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (ObjectNode e : entities().values()) {
            count(counts, "kind", e.path("kind").asText().toLowerCase());
            count(counts, "spec.type", e.path("spec").path("type").asText(null));
            String owner = e.path("spec").path("owner").asText(null);
            count(counts, "relations.ownedBy", owner == null ? null : dev.atrium.hub.catalog.SearchQuery.ownerRef(owner));
            count(counts, "spec.lifecycle", e.path("spec").path("lifecycle").asText(null));
            e.path("metadata").path("tags").forEach(t -> count(counts, "metadata.tags", t.asText()));
        }
        counts.forEach((field, values) -> {
            ArrayNode a = facets.putArray(field);
            values.forEach((v, n) -> a.addObject().put("value", v).put("count", n));
        });
        return f;
    }

    private static void count(Map<String, Map<String, Integer>> counts, String field, String value) {
        if (value != null && !value.isEmpty()) {
            counts.computeIfAbsent(field, k -> new LinkedHashMap<>()).merge(value, 1, Integer::sum);
        }
    }

    static ObjectNode history() {
        ObjectNode h = Fixtures.JSON.createObjectNode();
        ArrayNode items = h.putArray("items");
        Instant now = Instant.now();
        items.addObject().put("id", 40).put("entityRef", "aimodel:default/support-summarizer").put("event", "added")
                .put("at", now.minus(3, ChronoUnit.HOURS).toString()).putArray("changedFields");
        items.addObject().put("id", 39).put("entityRef", "component:default/payments-api").put("event", "changed")
                .put("at", now.minus(5, ChronoUnit.HOURS).toString()).putArray("changedFields").add("spec.lifecycle");
        items.addObject().put("id", 38).put("entityRef", "aimodel:default/chat-assistant-legacy").put("event", "changed")
                .put("at", now.minus(2, ChronoUnit.DAYS).toString()).putArray("changedFields").add("spec.lifecycle");
        items.addObject().put("id", 37).put("entityRef", "toolchain:default/incident-copilot").put("event", "added")
                .put("at", now.minus(6, ChronoUnit.DAYS).toString()).putArray("changedFields");
        return h;
    }

    public static void scaffolder() {
        var s = Stubs.server();
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/templates/default/template/quarkus-service/parameter-schema"))
                .willReturn(Stubs.json(200, QUARKUS_SCHEMA)));
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/templates/default/template/request-ai-model-access/parameter-schema"))
                .willReturn(Stubs.json(200, ACCESS_SCHEMA)));
        s.stubFor(post(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks")).willReturn(Stubs.json(201, "{\"id\":\"" + TASK_ID + "\"}")));
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks/" + TASK_ID)).willReturn(Stubs.json(200, task("completed"))));
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks/" + TASK_ID + "/events")).willReturn(Stubs.json(200, events(true))));
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks/" + TASK_ID + "/eventstream"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(eventStream())));
        s.stubFor(post(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks/" + TASK_ID + "/survey")).willReturn(Stubs.json(201, "{\"taskId\":\"" + TASK_ID + "\"}")));
        s.stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks")).willReturn(Stubs.json(200,
                "{\"tasks\":[" + task("completed") + "],\"totalTasks\":1}")));
    }

    public static String task(String status) {
        return """
                {"id":"%s","status":"%s","createdAt":"%s","createdBy":"user:default/alice",
                 "spec":{"templateInfo":{"entityRef":"template:default/quarkus-service"},
                  "steps":[{"id":"fetch","name":"Render the skeleton","action":"fetch:template"},
                           {"id":"publish","name":"Push to a new repository","action":"publish:git"},
                           {"id":"register","name":"Register in the catalog","action":"catalog:register"}]}%s}
                """.formatted(TASK_ID, status, Instant.now().minus(2, ChronoUnit.MINUTES),
                "completed".equals(status) ? ",\"output\":" + OUTPUT : "");
    }

    static final String OUTPUT = """
            {"links":[{"title":"Repository","url":"https://git.atrium.example/payments/refunds-api"},
                      {"title":"Open in catalog","entityRef":"component:default/refunds-api"}],
             "text":[{"title":"Next steps","content":"Clone it and run `npm test`. Access request **r-1** is *APPROVED*. <script>alert(1)</script>"}]}""";

    public static String events(boolean finished) {
        String t = Instant.now().minus(1, ChronoUnit.MINUTES).toString();
        String base = """
                {"id":1,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Starting up task with 3 steps"}},
                {"id":2,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Beginning step Render the skeleton","stepId":"fetch","status":"processing"}},
                {"id":3,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Rendered 23 files","stepId":"fetch"}},
                {"id":4,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Finished step Render the skeleton","stepId":"fetch","status":"completed"}},
                {"id":5,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Beginning step Push to a new repository","stepId":"publish","status":"processing"}}""".formatted(TASK_ID, t);
        if (!finished) {
            return "[" + base + "]";
        }
        return "[" + base + """
                ,
                {"id":6,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Finished step Push to a new repository","stepId":"publish","status":"completed"}},
                {"id":7,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Finished step Register in the catalog","stepId":"register","status":"completed"}},
                {"id":8,"taskId":"%1$s","type":"completion","createdAt":"%2$s","body":{"message":"Run completed with status: completed","status":"completed","output":%3$s}}]""".formatted(TASK_ID, t, OUTPUT);
    }

    public static String eventStream() {
        String t = Instant.now().toString();
        return """
                event: log
                id: 6
                data: {"id":6,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Finished step Push to a new repository","stepId":"publish","status":"completed"}}

                event: log
                id: 7
                data: {"id":7,"taskId":"%1$s","type":"log","createdAt":"%2$s","body":{"message":"Finished step Register in the catalog","stepId":"register","status":"completed"}}

                event: completion
                id: 8
                data: {"id":8,"taskId":"%1$s","type":"completion","createdAt":"%2$s","body":{"message":"Run completed with status: completed","status":"completed","output":%3$s}}

                """.formatted(TASK_ID, t, OUTPUT.replace("\n", "").replaceAll("\\s{2,}", ""));
    }

    static final String QUARKUS_SCHEMA = """
            {"title":"Quarkus REST service","description":"A Java 21 Quarkus service",
             "steps":[
              {"title":"About the service","schema":{"required":["name","description","owner"],"properties":{
                 "name":{"title":"Name","type":"string","description":"Lower-case, dash-separated; becomes the repository and catalog name.","pattern":"^[a-z][a-z0-9-]{2,40}$"},
                 "description":{"title":"Description","type":"string","maxLength":200},
                 "owner":{"title":"Owning team","type":"string","ui:field":"OwnerPicker","ui:options":{"catalogFilter":{"kind":"Group"}}},
                 "system":{"title":"System","type":"string","ui:field":"EntityPicker","ui:options":{"catalogFilter":{"kind":"System"}}},
                 "javaVersion":{"title":"Java version","type":"string","enum":["21","25"],"default":"21"}}}},
              {"title":"Repository","schema":{"required":["repoUrl"],"properties":{
                 "repoUrl":{"title":"Repository location","type":"string","ui:field":"RepoUrlPicker","ui:options":{"allowedHosts":["git.atrium.example"]}},
                 "database":{"title":"Needs a PostgreSQL database","type":"boolean","default":true},
                 "replicas":{"title":"Replicas","type":"integer","minimum":1,"maximum":10,"default":2}}}}]}""";

    static final String ACCESS_SCHEMA = """
            {"title":"Request access to an AI model","steps":[{"title":"What do you need?","schema":{"required":["model","team","useCase","monthlyTokens"],"properties":{
              "model":{"title":"Model","type":"string","ui:field":"EntityPicker","ui:options":{"catalogFilter":{"kind":"AIModel"}}},
              "team":{"title":"For team","type":"string","description":"You must be a member of this team.","ui:field":"OwnerPicker","ui:options":{"catalogFilter":{"kind":"Group"}}},
              "useCase":{"title":"What will you use it for?","type":"string","minLength":20,"maxLength":1000},
              "monthlyTokens":{"title":"Expected tokens per month","type":"integer","minimum":1000,"default":1000000}}}}]}""";

    public static void access() {
        var s = Stubs.server();
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/models/status")).willReturn(Stubs.json(200, """
                [{"modelRef":"aimodel:default/code-llm","title":"Code LLM","status":"operational","source":"probe","latencyMs":120},
                 {"modelRef":"aimodel:default/chat-assistant","title":"Chat assistant","status":"degraded","source":"probe","latencyMs":2400},
                 {"modelRef":"aimodel:default/support-summarizer","title":"Support ticket summarizer","status":"operational","source":"probe"},
                 {"modelRef":"aimodel:default/chat-assistant-legacy","status":"deprecated","source":"lifecycle"}]""")));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/usage")).willReturn(Stubs.json(200, usageByDay())));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/announcements")).willReturn(Stubs.json(200, """
                {"items":[{"id":"a1","title":"Chat assistant legacy is switched off on March 31","body":"Move to chat-assistant; keys carry over.",
                  "modelRef":"aimodel:default/chat-assistant-legacy","author":"carol","publishedAt":"%s"}]}""".formatted(Instant.now().minus(1, ChronoUnit.DAYS)))));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/keys")).willReturn(Stubs.json(200, """
                [{"id":"k1","name":"payments-api production","prefix":"atr_live_9Kd","team":"group:default/payments-team",
                  "models":["aimodel:default/code-llm"],"monthlyTokenBudget":5000000,"usedTokensThisMonth":3100000,
                  "expiresAt":"%s","state":"active","requestId":"%s"},
                 {"id":"k2","name":"refund summaries","prefix":"atr_live_2Hx","team":"group:default/payments-team",
                  "models":["aimodel:default/chat-assistant"],"monthlyTokenBudget":1000000,"usedTokensThisMonth":150000,
                  "expiresAt":"%s","state":"active"}]""".formatted(Instant.now().plus(80, ChronoUnit.DAYS), REQUEST_ID,
                Instant.now().plus(30, ChronoUnit.DAYS)))));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/requests")).withQueryParam("view", equalTo("mine"))
                .willReturn(Stubs.json(200, "{\"items\":[" + request(REQUEST_ID, "ACTIVE", false) + "," + request(PENDING_ID, "PENDING_APPROVAL", false) + "]}")));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/requests")).withQueryParam("view", equalTo("approvals"))
                .willReturn(Stubs.json(200, "{\"items\":[" + request(PENDING_ID, "PENDING_APPROVAL", false) + "]}")));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/requests/" + REQUEST_ID)).willReturn(Stubs.json(200, request(REQUEST_ID, "ACTIVE", false))));
        s.stubFor(get(urlPathEqualTo(Stubs.ACCESS + "/requests/" + PENDING_ID)).willReturn(Stubs.json(200, request(PENDING_ID, "PENDING_APPROVAL", false))));
        s.stubFor(post(urlPathEqualTo(Stubs.ACCESS + "/requests")).willReturn(Stubs.json(201, request(REQUEST_ID, "APPROVED", false))));
        s.stubFor(post(urlPathEqualTo(Stubs.ACCESS + "/requests/" + REQUEST_ID + "/key")).willReturn(Stubs.json(200, """
                {"key":"%s","metadata":{"id":"k9","prefix":"atr_live_5Qm","team":"group:default/payments-team",
                 "models":["aimodel:default/code-llm"],"monthlyTokenBudget":2000000,"usedTokensThisMonth":0,"expiresAt":"%s","state":"active"}}"""
                .formatted(API_KEY, Instant.now().plus(90, ChronoUnit.DAYS)))));
        s.stubFor(post(urlPathMatching(Stubs.ACCESS + "/requests/" + PENDING_ID + "/(approve|reject)"))
                .willReturn(Stubs.json(200, request(PENDING_ID, "APPROVED", false))));
    }

    /** Tokens per team and day for the last 30 days, as access-service answers {@code bucket=day}. */
    static String usageByDay() {
        String[] teams = {"payments-team", "ml-platform-team", "checkout-team", "data-team"};
        long[] base = {820_000, 610_000, 370_000, 230_000};
        StringBuilder sb = new StringBuilder("{\"groupBy\":\"team\",\"bucket\":\"day\",\"totals\":[");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        boolean first = true;
        for (int t = 0; t < teams.length; t++) {
            for (int d = 29; d >= 0; d--) {
                LocalDate day = today.minusDays(d);
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                long tokens = weekend ? base[t] / 6 : base[t] + (29 - d) * base[t] / 40;
                sb.append(first ? "" : ",").append("{\"group\":\"group:default/").append(teams[t]).append("\",\"day\":\"")
                        .append(day).append("\",\"tokens\":").append(tokens).append(",\"records\":").append(tokens / 4000).append('}');
                first = false;
            }
        }
        return sb.append("]}").toString();
    }

    /** An access request of payments-team for code-llm in {@code state}. */
    public static String request(String id, String state, boolean revealed) {
        Instant created = Instant.now().minus(20, ChronoUnit.MINUTES);
        String transitions = switch (state) {
            case "ACTIVE" -> """
                    [{"from":null,"to":"APPROVED","actor":"system","reason":"standard tier, under the monthly limit","at":"%1$s"},
                     {"from":"APPROVED","to":"PROVISIONING","actor":"system","at":"%2$s"},
                     {"from":"PROVISIONING","to":"ACTIVE","actor":"system","at":"%3$s"}]""".formatted(created,
                    created.plusSeconds(2), created.plusSeconds(9));
            case "APPROVED" -> "[{\"from\":\"PENDING_APPROVAL\",\"to\":\"APPROVED\",\"actor\":\"carol\",\"at\":\"" + created.plusSeconds(60) + "\"}]";
            default -> "[{\"from\":null,\"to\":\"" + state + "\",\"actor\":\"system\",\"reason\":\"restricted tier\",\"at\":\"" + created + "\"}]";
        };
        boolean pending = "PENDING_APPROVAL".equals(state);
        return """
                {"id":"%s","modelRef":"%s","modelKind":"AIModel","modelTitle":"%s","team":"group:default/payments-team",
                 "requester":"alice","useCase":"Summaries of payment disputes for the support queue","expectedMonthlyTokens":2000000,
                 "tier":"%s","state":"%s","approvals":%s,"transitions":%s,"createdAt":"%s","updatedAt":"%s"%s}"""
                .formatted(id, pending ? "aimodel:default/support-summarizer" : "aimodel:default/code-llm",
                        pending ? "Support ticket summarizer" : "Code LLM", pending ? "restricted" : "standard", state,
                        pending ? "[{\"role\":\"owner:group:default/data-team\",\"state\":\"pending\"},{\"role\":\"platform-admin\",\"state\":\"pending\"}]" : "[]",
                        transitions, created, Instant.now(),
                        "ACTIVE".equals(state) ? ",\"key\":{\"id\":\"k9\",\"prefix\":\"atr_live_5Qm\",\"revealed\":" + revealed
                                + ",\"expiresAt\":\"" + Instant.now().plus(90, ChronoUnit.DAYS) + "\"}" : "");
    }

    public static void metrics() {
        var s = Stubs.server();
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        s.stubFor(get(urlPathEqualTo(Stubs.METRICS + "/metrics/adoption")).atPriority(5)
                .willReturn(Stubs.json(200, weekly("adoption", "ratio", 0.6, monday, new double[] {0.31, 0.34, 0.38, 0.41, 0.44, 0.47, 0.5, 0.52, 0.55, 0.58, 0.61, 0.63}, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.METRICS + "/metrics/self-service-rate")).atPriority(5)
                .willReturn(Stubs.json(200, selfService(monday))));
        s.stubFor(get(urlPathEqualTo(Stubs.METRICS + "/metrics/time-to-first-contribution")).atPriority(5)
                .willReturn(Stubs.json(200, ttfc())));
        s.stubFor(get(urlPathEqualTo(Stubs.METRICS + "/metrics/discovery-time")).atPriority(5)
                .willReturn(Stubs.json(200, weekly("discovery-time", "seconds", null, monday, new double[] {212, 190, 175, 160, 150, 141, 120, 118, 96, 90, 84, 75}, null))));
        s.stubFor(get(urlPathEqualTo(Stubs.METRICS + "/metrics/template-feedback")).atPriority(5)
                .willReturn(Stubs.json(200, """
                        {"metric":"template-feedback","unit":"ratio","granularity":"total","points":[
                          {"period":"%1$s","team":"all","dimension":"template:default/quarkus-service","value":0.86,"count":29},
                          {"period":"%1$s","team":"all","dimension":"template:default/request-ai-model-access","value":0.93,"count":41},
                          {"period":"%1$s","team":"all","dimension":"template:default/docs-site","value":0.64,"count":11}],
                         "comments":[{"template":"template:default/docs-site","text":"Add a diagram example to the skeleton.","answeredAt":"%2$s"},
                                     {"template":"template:default/quarkus-service","text":"Let me pick Java 25.","answeredAt":"%2$s"}]}"""
                        .formatted(monday.minusWeeks(12), Instant.now().minus(2, ChronoUnit.DAYS)))));
        s.stubFor(get(urlPathMatching(Stubs.METRICS + "/metrics/.*")).atPriority(4).withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing("text/csv"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/csv")
                        .withBody("metric,period,team,dimension,value,count,numerator,denominator,p50,p90,below_target,suppressed\n"
                                + "adoption," + monday + ",all,,0.63,410,410,650,,,false,\n")));
    }

    static String weekly(String metric, String unit, Double target, LocalDate lastMonday, double[] values, String team) {
        StringBuilder sb = new StringBuilder("{\"metric\":\"" + metric + "\",\"unit\":\"" + unit + "\",\"granularity\":\"week\""
                + (target == null ? "" : ",\"target\":" + target) + ",\"points\":[");
        for (int i = 0; i < values.length; i++) {
            LocalDate d = lastMonday.minusWeeks(values.length - 1 - i);
            sb.append(i == 0 ? "" : ",").append("{\"period\":\"").append(d).append("\",\"team\":\"").append(team == null ? "all" : team)
                    .append("\",\"value\":").append(values[i]);
            if (unit.equals("seconds")) {
                sb.append(",\"p50\":").append(values[i]).append(",\"p90\":").append(values[i] * 3);
            }
            if (target != null) {
                sb.append(",\"belowTarget\":").append(values[i] < target);
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    static String selfService(LocalDate lastMonday) {
        StringBuilder sb = new StringBuilder("{\"metric\":\"self-service-rate\",\"unit\":\"ratio\",\"granularity\":\"week\",\"points\":[");
        double[][] v = {{0.55, 0.58, 0.6, 0.64, 0.66, 0.7, 0.72, 0.75, 0.77, 0.8, 0.81, 0.84}, {0.2, 0.25, 0.33, 0.4, 0.46, 0.5, 0.58, 0.62, 0.7, 0.74, 0.78, 0.82}};
        String[] workflows = {"new-service", "access-request"};
        boolean first = true;
        for (int w = 0; w < workflows.length; w++) {
            for (int i = 0; i < 12; i++) {
                sb.append(first ? "" : ",").append("{\"period\":\"").append(lastMonday.minusWeeks(11 - i)).append("\",\"team\":\"all\",\"dimension\":\"")
                        .append(workflows[w]).append("\",\"value\":").append(v[w][i]).append('}');
                first = false;
            }
        }
        return sb.append("]}").toString();
    }

    static String ttfc() {
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        double[] p50 = {6.5, 5.8, 4.9, 4.1, 3.4, 2.8};
        StringBuilder sb = new StringBuilder("{\"metric\":\"time-to-first-contribution\",\"unit\":\"days\",\"granularity\":\"month\",\"target\":3,\"points\":[");
        for (int i = 0; i < p50.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"period\":\"").append(month.minusMonths(p50.length - 1 - i)).append("\",\"team\":\"all\",\"value\":")
                    .append(p50[i]).append(",\"p50\":").append(p50[i]).append(",\"p90\":").append(p50[i] * 2.2).append(",\"count\":").append(4 + i).append('}');
        }
        return sb.append("]}").toString();
    }
}
