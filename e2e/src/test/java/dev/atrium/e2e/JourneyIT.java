package dev.atrium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.hub.browser.Chromium;
import dev.atrium.hub.browser.HubPages;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The cross-service journey with nothing stubbed: the test Keycloak, catalog-, scaffolder-, access- and
 * metrics-service and hub-ui from their packaged jars, driven through headless Chromium. Alice signs in on
 * Keycloak's login page, finds an AI model on the hub, requests access and sees her key once, runs the
 * nodejs-microservice golden path and follows its log, answers the survey, and the metrics page changes.
 */
class JourneyIT {
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("atrium.e2e.wait", 90));
    private static final String MODEL = "aimodel:default/chat-assistant";
    private static final String TEAM = "payments-team";
    /** The open-tier model the golden path asks access to, through the scaffolder's toolchain:provision-ai-access. */
    private static final String GOLDEN_PATH_MODEL = "aimodel:default/text-embeddings";
    private static final String SERVICE = "refund-notifier";
    private static final String IMPROVEMENT = "Add a Dockerfile next to the CI workflow";
    private static final Path SHOTS = screenshotDir();

    private static AtriumSuite atrium;
    private static long startedAt;
    private String step = "start";

    @BeforeAll
    static void startTheSuite() throws Exception {
        startedAt = System.nanoTime();
        atrium = AtriumSuite.start();
    }

    @AfterAll
    static void stopTheSuite() {
        if (atrium != null) {
            atrium.close();
        }
        AtriumSuite.log("journey with start-up and shutdown: %d s", (System.nanoTime() - startedAt) / 1_000_000_000L);
    }

    @Test
    void aliceGoesFromSignInToTheMetricsPage() throws Throwable {
        long t0 = System.nanoTime();
        try (Chromium chromium = Chromium.start()) {
            ChromeDriver driver = chromium.driver();
            HubPages hub = new HubPages(driver, atrium.hubUrl(), WAIT);
            driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions",
                    List.of("clipboardReadWrite", "clipboardSanitizedWrite"), "origin", atrium.hubUrl()));
            try {
                journey(hub, driver);
            } catch (Throwable e) {
                failed(hub, e);
            }
        }
        AtriumSuite.log("journey in the browser: %d s", (System.nanoTime() - t0) / 1_000_000_000L);
    }

    private void journey(HubPages hub, ChromeDriver driver) throws Exception {
        step = "sign in on Keycloak's login page";
        hub.signIn("alice", "atrium");
        assertTrue(hub.signedInAs().contains("Alice"), "signed in as alice, header shows " + hub.signedInAs());
        assertTrue(URI.create(driver.getCurrentUrl()).getPort() == URI.create(atrium.hubUrl()).getPort(), "back on the hub");

        step = "read the metrics before the journey";
        hub.openMetrics(null);
        assertFalse(driver.findElements(By.id("feedback-empty")).isEmpty(),
                "a fresh metrics database has no template feedback yet: " + text(driver, "panel-feedback"));
        String selfServiceBefore = hub.latest("self-service");
        assertEquals(null, selfServiceBefore, "no self-service rate without any finished workflow yet");

        step = "find a model on the AI Toolchain Hub";
        WebElement card = hub.modelCard(MODEL);
        String status = card.findElement(By.cssSelector("[data-status]")).getAttribute("data-status");
        assertTrue(Set.of("operational", "degraded", "deprecated", "unknown").contains(status), "status badge " + status);
        assertTrue(card.getText().contains("Chat assistant"), "the card shows the catalog's title: " + card.getText());
        hub.screenshot(SHOTS, "hub");

        step = "request access";
        hub.startAccessRequest(MODEL);
        hub.screenshot(SHOTS, "access-request-form");
        String state = hub.sendAccessRequest(TEAM, "Summaries of refund disputes for the support team", 100_000);
        String requestPath = URI.create(driver.getCurrentUrl()).getPath();
        assertTrue(requestPath.startsWith("/access/requests/"), "on the request page: " + requestPath);
        String requestId = requestPath.substring("/access/requests/".length());
        if (!"ACTIVE".equals(state)) {
            hub.waitForRequestState("ACTIVE");
        }
        assertFalse(driver.findElements(By.cssSelector("#request-timeline li")).isEmpty(), "the timeline lists the steps");
        hub.screenshot(SHOTS, "access-request");

        step = "see the key, once";
        String key = hub.revealKey();
        assertTrue(key.startsWith("atrk_") && key.length() > 40, "an API key: " + key.substring(0, Math.min(8, key.length())) + "…");
        assertEquals("Copied to the clipboard.", hub.copyKey());
        hub.screenshot(SHOTS, "access-key");
        JsonNode verified = AtriumSuite.json(AtriumSuite.send("POST", atrium.url("access-service") + "/api/access/v1/keys/verify",
                null, "{\"key\":\"" + key + "\",\"model\":\"chat-assistant\"}").body());
        assertTrue(verified.path("valid").asBoolean(), "the gateway check accepts the key: " + verified);
        assertTrue(verified.path("team").asText().endsWith(TEAM), "the key is the team's: " + verified);
        hub.open(requestPath);
        assertTrue(driver.findElements(By.id("reveal-key")).isEmpty(), "no second chance to show the key");
        assertTrue(driver.findElements(By.id("api-key")).isEmpty(), "the key is not on the page again");
        assertFalse(driver.findElements(By.id("key-shown")).isEmpty(), "the page says the key was shown");
        assertFalse(driver.getPageSource().contains(key), "the key is nowhere in the page");
        HttpResponse<String> again = AtriumSuite.send("POST", atrium.url("access-service") + "/api/access/v1/requests/" + requestId + "/key",
                AtriumSuite.userToken("alice"), null);
        assertTrue(again.statusCode() / 100 == 4 && !again.body().contains(key), "the API will not show it again either: HTTP "
                + again.statusCode());

        step = "run the nodejs-microservice golden path";
        hub.open("/create");
        assertFalse(driver.findElements(By.id("template-nodejs-microservice")).isEmpty(), "the golden path is listed");
        hub.screenshot(SHOTS, "create");
        hub.chooseTemplate("nodejs-microservice");
        hub.setParameter("name", SERVICE);
        hub.setParameter("description", "Tells customers when their refund is paid out");
        hub.setParameter("owner", "group:default/" + TEAM);
        hub.setParameter("aiModel", GOLDEN_PATH_MODEL);
        hub.setRepository("repoUrl", AtriumSuite.GIT_HOST_NAME, "payments", SERVICE);
        hub.screenshot(SHOTS, "create-form");
        hub.createFromTemplate();
        String taskPath = URI.create(driver.getCurrentUrl()).getPath();
        assertTrue(taskPath.startsWith("/create/tasks/"), "on the task page: " + taskPath);

        step = "watch the task's log";
        assertEquals("completed", hub.waitForTask(Duration.ofSeconds(240)), "the task finished: " + hub.taskLog());
        hub.waitFor(d -> "completed".equals(d.findElement(By.id("task-status")).getAttribute("data-status")));
        List<String> log = hub.taskLog();
        assertTrue(log.size() >= 3, "the log streamed lines: " + log);
        assertTrue(log.stream().anyMatch(l -> l.contains("Push to a new repository")), "the publish step is in the log: " + log);
        for (String stepId : List.of("fetch-template", "publish", "register-catalog", "provision-ai-access")) {
            assertEquals("completed", driver.findElement(By.id("step-" + stepId)).getAttribute("textContent").trim().toLowerCase(),
                    "step " + stepId);
        }
        List<String> links = hub.outputLinks();
        assertTrue(links.stream().anyMatch(l -> l.endsWith("/catalog/component/default/" + SERVICE)), "a link to the new component: " + links);
        hub.screenshot(SHOTS, "create-task");

        step = "check the AI access the golden path requested";
        String taskText = text(driver, "task-outcome");
        assertTrue(taskText.contains("AI access request"), "the next steps name the access request: " + taskText);
        String aliceToken = AtriumSuite.userToken("alice");
        atrium.awaitTrue("the golden path's access request for " + GOLDEN_PATH_MODEL + " ACTIVE in access-service", WAIT, () -> {
            try {
                HttpResponse<String> r = AtriumSuite.send("GET", atrium.url("access-service") + "/api/access/v1/requests?view=mine",
                        aliceToken, null);
                for (JsonNode item : AtriumSuite.json(r.body()).path("items")) {
                    if (GOLDEN_PATH_MODEL.equals(item.path("modelRef").asText()) && item.path("team").asText().endsWith("/" + TEAM)
                            && "ACTIVE".equals(item.path("state").asText())
                            && item.path("useCase").asText().contains(SERVICE)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });

        step = "check the push and the registration";
        assertPushed(atrium.gitHost.resolve("payments").resolve(SERVICE + ".git"));
        String catalogEntity = atrium.url("catalog-service") + "/api/catalog/entities/by-name/component/default/" + SERVICE;
        String alice = AtriumSuite.userToken("alice");
        JsonNode[] component = new JsonNode[1];
        atrium.awaitTrue("component " + SERVICE + " in the catalog", WAIT, () -> {
            try {
                HttpResponse<String> r = AtriumSuite.send("GET", catalogEntity, alice, null);
                component[0] = r.statusCode() == 200 ? AtriumSuite.json(r.body()) : null;
                return component[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("group:default/" + TEAM, ownerRef(component[0]), "the component's owner: " + component[0]);
        hub.open("/catalog/component/default/" + SERVICE);
        String owner = driver.findElement(By.id("entity-owner")).getAttribute("innerHTML");
        assertTrue(owner.contains("/catalog/group/default/" + TEAM), "the hub links the new component's owner: " + owner);
        hub.screenshot(SHOTS, "catalog-component-created");

        step = "browse the catalog";
        hub.open("/catalog?q=pay&kind=component");
        hub.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("result-1")));
        assertTrue(text(driver, "main").contains("Payments API"), "the search finds the demo catalog's payments-api");
        // the new component's owner is written as group:default/payments-team, the demo's as payments-team: one owner
        assertEquals(1, driver.findElements(By.cssSelector("#facet-owner input[value='group:default/" + TEAM + "']")).size(),
                "one owner option for " + TEAM + ": " + text(driver, "facet-owner"));
        assertFalse(text(driver, "facet-owner").contains("group:default/"), "owners read as names: " + text(driver, "facet-owner"));
        hub.screenshot(SHOTS, "catalog-search");
        hub.open("/catalog/component/default/payments-api");
        assertTrue(driver.findElements(By.cssSelector("#relation-graph g.node")).size() > 1, "the relation graph shows neighbours");
        hub.screenshot(SHOTS, "catalog-entity");

        step = "answer the survey";
        hub.open(taskPath);
        hub.waitFor(d -> !d.findElements(By.id("survey-form")).isEmpty() || !d.findElements(By.id("survey-thanks")).isEmpty());
        hub.answerSurvey(true, IMPROVEMENT);

        step = "see the metrics page change";
        atrium.awaitTrue("the survey answer and the finished workflows on the metrics page (outboxes → metrics-service → hub)",
                Duration.ofSeconds(120), () -> {
                    hub.openMetrics(null);
                    return !driver.findElements(By.id("feedback-chart")).isEmpty() && hub.latest("self-service") != null;
                });
        String chart = driver.findElement(By.id("feedback-chart")).getAttribute("textContent");
        assertTrue(chart.contains("nodejs-microservice") || chart.contains("Node.js microservice"), "the template's bar: " + chart);
        assertTrue(chart.contains("100"), "one yes of one answer is 100 %: " + chart);
        assertTrue(text(driver, "panel-feedback").contains(IMPROVEMENT), "the improvement is listed: " + text(driver, "panel-feedback"));
        // access.provisioned (the key) and task.finished (the golden path), both done in the portal, no ticket
        assertEquals("100 %", hub.latest("self-service"), "self-service rate after the journey");
        hub.screenshot(SHOTS, "metrics");
        hub.open("/access");
        assertFalse(driver.findElements(By.id("request-" + requestId)).isEmpty(), "the request is among alice's requests");
        hub.screenshot(SHOTS, "access");
    }

    /** The bare repository has a main branch whose commit is the golden path's, with the rendered skeleton. */
    private static void assertPushed(Path bare) throws Exception {
        assertTrue(Files.isDirectory(bare), "publish:git created " + bare);
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId main = repo.resolve("refs/heads/main");
            assertNotNull(main, "branch main was pushed to " + bare);
            RevCommit commit = walk.parseCommit(main);
            assertTrue(commit.getFullMessage().contains("Create " + SERVICE + " from the nodejs-microservice golden path"),
                    "commit message: " + commit.getFullMessage());
            try (TreeWalk tree = TreeWalk.forPath(repo, "catalog-info.yaml", commit.getTree())) {
                assertNotNull(tree, "catalog-info.yaml is in the pushed tree");
                String yaml = new String(repo.open(tree.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(yaml.contains("name: " + SERVICE), "the skeleton was rendered with the parameters:\n" + yaml);
            }
        }
    }

    private static String ownerRef(JsonNode entity) {
        for (JsonNode rel : entity.path("relations")) {
            if ("ownedBy".equals(rel.path("type").asText())) {
                return rel.path("targetRef").asText();
            }
        }
        String owner = entity.path("spec").path("owner").asText();
        return owner.contains(":") ? owner : "group:default/" + owner;
    }

    private static String text(WebDriver driver, String id) {
        List<WebElement> e = driver.findElements(By.id(id));
        return e.isEmpty() ? "(no #" + id + ")" : e.get(0).getText();
    }

    /** Rethrows with the step, the page and every service's log tail; keeps a screenshot of the page. */
    private void failed(HubPages hub, Throwable e) throws Throwable {
        String page;
        try {
            page = hub.driver().getCurrentUrl();
            hub.screenshot(AtriumSuite.ROOT.resolve("e2e/target"), "journey-failure");
        } catch (RuntimeException | java.io.IOException ignored) {
            page = "(browser not answering)";
        }
        AssertionError error = new AssertionError("journey failed at step '" + step + "' on " + page + ": " + e.getMessage()
                + "\n(screenshot e2e/target/journey-failure.png)\n" + atrium.diagnostics(), e);
        throw error;
    }

    /** {@code -Datrium.screenshots.dir=docs/screenshots} (relative to the repository root) refreshes the README's images. */
    private static Path screenshotDir() {
        String dir = System.getProperty("atrium.screenshots.dir");
        if (dir == null || dir.isBlank()) {
            return AtriumSuite.ROOT.resolve("e2e/target/screenshots");
        }
        Path p = Path.of(dir);
        return p.isAbsolute() ? p : AtriumSuite.ROOT.resolve(p).normalize();
    }
}
