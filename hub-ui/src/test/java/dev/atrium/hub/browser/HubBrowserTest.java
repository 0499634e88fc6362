package dev.atrium.hub.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.Fixtures;
import dev.atrium.hub.support.Idp;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Real Chromium against the hub with stubbed services: every page, the htmx enhancements (search
 * fragments, register preview, approvals, live task log over SSE, team filter), the key's copy button,
 * keyboard access, and reading and posting with JavaScript switched off. Saves a screenshot of each page
 * to {@code atrium.screenshots.dir} (default target/screenshots; the README's come from docs/screenshots).
 */
@QuarkusTest
class HubBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SHOTS = Path.of(System.getProperty("atrium.screenshots.dir", "target/screenshots"));

    @TestHTTPResource("/")
    URL hub;

    @BeforeEach
    void stubs() {
        Stubs.reset();
        DemoStubs.all();
        Idp.register(TestUser.ALICE);
        liveTask();
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.CATALOG + "/locations")).willReturn(Stubs.json(201,
                "{\"exists\":false,\"location\":{\"id\":\"url:x\",\"type\":\"url\",\"target\":\"https://git.atrium.example/payments/refunds-api/blob/main/catalog-info.yaml\"},\"entities\":["
                        + Fixtures.entity("Component", "refunds-api").title("Refunds API").owner("payments-team").spec("type", "service").build() + ","
                        + Fixtures.entity("API", "refunds-rest").title("Refunds REST API").owner("payments-team").build() + "]}")));
    }

    /** The task is running when its page opens; its event stream then finishes it. */
    static void liveTask() {
        String task = Stubs.SCAFFOLDER + "/tasks/" + DemoStubs.TASK_ID;
        var s = Stubs.server();
        s.stubFor(get(urlPathEqualTo(task)).atPriority(1).inScenario("task").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.json(200, DemoStubs.task("processing"))));
        s.stubFor(get(urlPathEqualTo(task + "/events")).atPriority(1).inScenario("task").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.json(200, DemoStubs.events(false))));
        s.stubFor(get(urlPathEqualTo(task + "/eventstream")).atPriority(1).inScenario("task").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(DemoStubs.eventStream())
                        .withFixedDelay(1500))
                .willSetStateTo("finished"));
        s.stubFor(get(urlPathEqualTo(task)).atPriority(1).inScenario("task").whenScenarioStateIs("finished")
                .willReturn(Stubs.json(200, DemoStubs.task("completed"))));
        s.stubFor(get(urlPathEqualTo(task + "/events")).atPriority(1).inScenario("task").whenScenarioStateIs("finished")
                .willReturn(Stubs.json(200, DemoStubs.events(true))));
    }

    @Test
    void everyPageWorksInChromiumWithItsEnhancements() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            var driver = chromium.driver();
            HubPages hub = new HubPages(driver, this.hub.toString(), WAIT);
            driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite"),
                    "origin", this.hub.toString().replaceAll("/$", "")));

            hub.signIn("alice", "atrium");
            assertEquals("Alice Andersen", hub.signedInAs());
            assertEquals("operational", hub.modelStatus("aimodel:default/code-llm"));
            assertEquals("degraded", hub.modelStatus("aimodel:default/chat-assistant"));
            assertNoConsoleErrors(driver);
            hub.screenshot(SHOTS, "hub");

            // Catalog: search and facets swap the results in place (htmx) and keep the address bookmarkable
            hub.open("/catalog");
            WebElement q = driver.findElement(By.id("search-q"));
            q.sendKeys("pay", Keys.ENTER);
            hub.waitFor(ExpectedConditions.urlContains("q=pay"));
            hub.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("result-1")));
            driver.findElement(By.id("facet-kind-component")).click();
            hub.waitFor(ExpectedConditions.urlContains("kind=component"));
            hub.waitFor(ExpectedConditions.elementSelectionStateToBe(By.id("facet-kind-component"), true));
            assertTrue(Stubs.requests(Stubs.CATALOG + "/entities/by-query").stream()
                    .anyMatch(r -> r.getHeader("HX-Request") == null && r.queryParameter("filter").isPresent()
                            && r.queryParameter("filter").firstValue().equals("kind=component")), "the facet reached the catalog");
            hub.screenshot(SHOTS, "catalog-search");

            hub.open("/catalog/component/default/payments-api");
            assertEquals(6, driver.findElements(By.cssSelector("#relation-graph g.node")).size());
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                    "a long line in the raw YAML scrolls inside its box, not the page");
            hub.screenshot(SHOTS, "catalog-entity");

            hub.open("/catalog/register");
            driver.findElement(By.id("location-target")).sendKeys("https://git.atrium.example/payments/refunds-api/blob/main/catalog-info.yaml");
            driver.findElement(By.id("preview-location")).click();
            hub.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("register-preview")));
            assertTrue(driver.findElement(By.id("register-preview")).getText().contains("Refunds REST API"));
            assertEquals("/catalog/register", new URL(driver.getCurrentUrl()).getPath(), "the preview came in place");
            hub.screenshot(SHOTS, "catalog-register");

            // Access: request from the hub card, follow the request, show the key once and copy it
            hub.startAccessRequest("aimodel:default/code-llm");
            hub.screenshot(SHOTS, "access-request-form");
            assertEquals("ACTIVE", hub.sendAccessRequest("payments-team", "Summaries of payment disputes", 2_000_000));
            Stubs.server().verify(postRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/requests")));
            hub.screenshot(SHOTS, "access-request");
            String key = hub.revealKey();
            assertEquals(DemoStubs.API_KEY, key);
            assertEquals("Copied to the clipboard.", hub.copyKey());
            Object clipboard = ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(null));");
            assertEquals(DemoStubs.API_KEY, clipboard);
            hub.screenshot(SHOTS, "access-key");
            hub.open("/access");
            hub.screenshot(SHOTS, "access");
            hub.open("/access/approvals");
            hub.screenshot(SHOTS, "access-approvals");
            driver.findElement(By.id("approve-" + DemoStubs.PENDING_ID)).click();
            hub.waitFor(d -> "APPROVED".equals(d.findElement(By.cssSelector("#approval-" + DemoStubs.PENDING_ID + " [data-state]")).getAttribute("data-state")));
            assertEquals("/access/approvals", new URL(driver.getCurrentUrl()).getPath(), "decided in place");

            // Create: template list, generated form, live log over SSE, output links, survey
            hub.open("/create");
            hub.screenshot(SHOTS, "create");
            hub.chooseTemplate("quarkus-service");
            hub.setParameter("name", "refunds-api");
            hub.setParameter("description", "Refunds for card payments");
            hub.setParameter("owner", "group:default/payments-team");
            hub.setParameter("system", "system:default/payments");
            hub.setRepository("repoUrl", "git.atrium.example", "payments", "refunds-api");
            hub.screenshot(SHOTS, "create-form");
            hub.createFromTemplate();
            assertEquals("completed", hub.waitForTask(WAIT));
            hub.waitFor(d -> "completed".equals(d.findElement(By.id("task-status")).getAttribute("data-status")));
            assertEquals("completed", driver.findElement(By.id("step-register")).getText(), "step badges follow the log");
            assertTrue(hub.taskLog().stream().anyMatch(l -> l.contains("Finished step Register in the catalog")), "streamed lines arrived");
            assertTrue(hub.outputLinks().contains("https://git.atrium.example/payments/refunds-api"));
            hub.screenshot(SHOTS, "create-task");
            hub.answerSurvey(true, "Let me pick Java 25");
            Stubs.server().verify(postRequestedFor(urlPathEqualTo(Stubs.SCAFFOLDER + "/tasks/" + DemoStubs.TASK_ID + "/survey")));

            // Metrics: the team filter swaps the panels in place
            hub.openMetrics(null);
            assertEquals("63 %", hub.latest("adoption"));
            assertFalse(driver.findElements(By.cssSelector("#adoption-chart line.target")).isEmpty());
            hub.screenshot(SHOTS, "metrics");
            new Select(driver.findElement(By.id("team-filter"))).selectByValue("payments-team");
            hub.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("metrics-scope"), "payments-team"));
            hub.waitFor(ExpectedConditions.urlContains("team=payments-team"));
            assertNoConsoleErrors(driver);
        }
    }

    @Test
    void keyboardUsersGetASkipLinkAndVisibleFocus() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            var driver = chromium.driver();
            HubPages hub = new HubPages(driver, this.hub.toString(), WAIT);
            hub.signIn("alice", "atrium");
            hub.open("/catalog");

            driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            WebElement skip = driver.switchTo().activeElement();
            assertEquals("Skip to main content", skip.getText());
            String outline = (String) ((JavascriptExecutor) driver).executeScript(
                    "return getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth");
            assertTrue(outline.startsWith("solid") && !outline.endsWith(" 0px"), "focus is visible: " + outline);
            skip.sendKeys(Keys.ENTER);
            assertEquals("main", driver.switchTo().activeElement().getAttribute("id"));
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            assertEquals("register-location", driver.switchTo().activeElement().getAttribute("id"), "focus moves on in reading order");
        }
    }

    @Test
    void pagesAreReadableAndFormsWorkWithoutJavaScript() throws Exception {
        try (Chromium chromium = Chromium.withoutJavaScript()) {
            var driver = chromium.driver();
            HubPages hub = new HubPages(driver, this.hub.toString(), WAIT);
            hub.signIn("alice", "atrium");
            assertTrue(driver.findElement(By.id("model-list")).getText().contains("Code LLM"));

            hub.open("/catalog");
            driver.findElement(By.id("search-q")).sendKeys("pay");
            driver.findElement(By.id("search-submit")).click();
            hub.waitFor(ExpectedConditions.urlContains("q=pay"));
            driver.findElement(By.id("facet-kind-component")).click();
            driver.findElement(By.id("apply-filters")).click();
            hub.waitFor(ExpectedConditions.urlContains("kind=component"));
            driver.findElement(By.cssSelector("#result-1 a.result-link")).click();
            hub.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("entity-title")));

            hub.startAccessRequest("aimodel:default/code-llm");
            assertEquals("ACTIVE", hub.sendAccessRequest("payments-team", "Summaries of payment disputes", 100_000));
            assertEquals(DemoStubs.API_KEY, hub.revealKey());

            hub.open("/create/tasks/" + DemoStubs.TASK_ID);
            assertFalse(driver.findElements(By.cssSelector("#task-log li")).isEmpty(), "the log so far is on the page");
            hub.openMetrics("payments-team");
            assertTrue(driver.findElement(By.id("metrics-scope")).getText().contains("payments-team"));
        }
    }

    private static void assertNoConsoleErrors(org.openqa.selenium.chrome.ChromeDriver driver) {
        var errors = driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("favicon"))
                .map(e -> e.getMessage()).toList();
        assertTrue(errors.isEmpty(), "browser console errors (CSP violations show here): " + errors);
    }
}
