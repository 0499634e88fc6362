package dev.atrium.hub.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Page helpers for the hub, written against the stable element ids of docs/hub-ui.md so that the
 * cross-service journey (Keycloak and the real services) can drive the same steps as the stubbed tests:
 * sign in, find a model, request access, see the key, run a golden path, follow its log, answer the
 * survey, read the metrics.
 */
public final class HubPages {
    private final WebDriver driver;
    private final String baseUrl;
    private final Duration timeout;

    public HubPages(WebDriver driver, String baseUrl, Duration timeout) {
        this.driver = driver;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(baseUrl + path);
    }

    /**
     * Opens the hub and, on the IdP's login page (Keycloak: {@code #username}, {@code #password},
     * {@code #kc-login}; the test IdP: {@code #login}), signs in; ends on the hub with {@code #user-name} shown.
     */
    public void signIn(String username, String password) {
        open("/");
        waitFor(d -> !d.findElements(By.id("user-name")).isEmpty() || !d.findElements(By.id("username")).isEmpty());
        if (driver.findElements(By.id("user-name")).isEmpty()) {
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(password);
            List<WebElement> kc = driver.findElements(By.id("kc-login"));
            (kc.isEmpty() ? driver.findElement(By.id("login")) : kc.get(0)).click();
        }
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
    }

    public void signOut() {
        driver.findElement(By.id("sign-out")).click();
    }

    public String signedInAs() {
        return driver.findElement(By.id("user-name")).getText();
    }

    // ---- AI Toolchain Hub ----------------------------------------------------------------------------------

    /** The card of a model or toolchain on the hub page, e.g. {@code aimodel:default/code-llm}. */
    public WebElement modelCard(String ref) {
        open("/");
        return driver.findElement(By.id(cardId(ref)));
    }

    public String modelStatus(String ref) {
        return modelCard(ref).findElement(By.cssSelector("[data-status]")).getAttribute("data-status");
    }

    /** Clicks "Request access" on the model's card; ends on the request form. */
    public void startAccessRequest(String ref) {
        modelCard(ref).findElement(By.cssSelector("a.request-access")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("request-form")));
    }

    // ---- Access --------------------------------------------------------------------------------------------

    /** Fills and sends the request form; ends on the request page and returns its state (e.g. ACTIVE). */
    public String sendAccessRequest(String team, String useCase, long monthlyTokens) {
        List<WebElement> teamSelect = driver.findElements(By.id("request-team"));
        if (!teamSelect.isEmpty() && teamSelect.get(0).getTagName().equals("select")) {
            new Select(teamSelect.get(0)).selectByValue(team);
        }
        WebElement useCaseField = driver.findElement(By.id("request-useCase"));
        useCaseField.clear();
        useCaseField.sendKeys(useCase);
        WebElement tokens = driver.findElement(By.id("request-tokens"));
        tokens.clear();
        tokens.sendKeys(String.valueOf(monthlyTokens));
        driver.findElement(By.id("request-submit")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("request-state")));
        return requestState();
    }

    public String requestState() {
        return driver.findElement(By.id("request-state")).getAttribute("data-state");
    }

    /** Reloads the request page until its state is {@code state} (provisioning runs in the background). */
    public void waitForRequestState(String state) {
        waitFor(d -> {
            d.navigate().refresh();
            return state.equals(requestState());
        });
    }

    /** Shows the key once and returns it. */
    public String revealKey() {
        driver.findElement(By.id("reveal-key")).click();
        return waitFor(ExpectedConditions.presenceOfElementLocated(By.id("api-key"))).getAttribute("value");
    }

    /** Clicks the copy button; returns the status line it wrote. */
    public String copyKey() {
        driver.findElement(By.id("copy-key")).click();
        waitFor(ExpectedConditions.textToBe(By.id("copy-key"), "Copied"));
        return driver.findElement(By.id("copy-status")).getText();
    }

    // ---- Create --------------------------------------------------------------------------------------------

    public void chooseTemplate(String name) {
        open("/create");
        driver.findElement(By.id("choose-" + name)).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("template-form")));
    }

    /** Sets parameter {@code name}: selects, checkboxes ("true"/"false") and text fields. */
    public void setParameter(String name, String value) {
        WebElement field = driver.findElement(By.id("param-" + name));
        switch (field.getTagName()) {
            case "select" -> new Select(field).selectByValue(value);
            case "input" -> {
                if ("checkbox".equals(field.getAttribute("type"))) {
                    if (field.isSelected() != Boolean.parseBoolean(value)) {
                        field.click();
                    }
                } else {
                    field.clear();
                    field.sendKeys(value);
                }
            }
            default -> {
                field.clear();
                field.sendKeys(value);
            }
        }
    }

    public void setRepository(String name, String host, String owner, String repo) {
        WebElement h = driver.findElement(By.id("param-" + name + "-host"));
        if (h.getTagName().equals("select")) {
            new Select(h).selectByValue(host);
        } else {
            h.clear();
            h.sendKeys(host);
        }
        driver.findElement(By.id("param-" + name + "-owner")).sendKeys(owner);
        driver.findElement(By.id("param-" + name + "-repo")).sendKeys(repo);
    }

    /** Sends the template form; ends on the task page. */
    public void createFromTemplate() {
        driver.findElement(By.id("create-submit")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("task-log")));
    }

    /** Waits (following the live log) until the task has finished; returns its final status. */
    public String waitForTask(Duration max) {
        wait(max).until(d -> !d.findElements(By.id("survey")).isEmpty()
                || !d.findElements(By.id("task-error")).isEmpty());
        List<WebElement> status = driver.findElements(By.id("task-final-status"));
        return status.isEmpty() ? driver.findElement(By.id("task-status")).getAttribute("data-status") : status.get(0).getAttribute("data-status");
    }

    public List<String> taskLog() {
        return driver.findElements(By.cssSelector("#task-log li")).stream().map(WebElement::getText).toList();
    }

    public List<String> outputLinks() {
        return driver.findElements(By.cssSelector("#task-links a")).stream().map(a -> a.getAttribute("href")).toList();
    }

    public void answerSurvey(boolean expected, String improvement) {
        driver.findElement(By.id(expected ? "survey-yes" : "survey-no")).click();
        driver.findElement(By.id("survey-improvement")).sendKeys(improvement);
        driver.findElement(By.id("survey-submit")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("survey-thanks")));
    }

    // ---- Metrics -------------------------------------------------------------------------------------------

    public void openMetrics(String team) {
        open(team == null ? "/metrics" : "/metrics?team=" + team);
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("metric-panels")));
    }

    /** The latest value shown for a metric panel ({@code adoption}, {@code self-service}, {@code ttfc}, {@code discovery}). */
    public String latest(String panel) {
        List<WebElement> e = driver.findElements(By.id(panel + "-latest"));
        return e.isEmpty() ? null : e.get(0).getText();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    public static String cardId(String ref) {
        String[] parts = ref.toLowerCase().split("[:/]");
        return "model-" + parts[0] + "-" + parts[parts.length - 1];
    }

    /** Waits for {@code condition}; elements htmx replaces while it is checked are looked up again. */
    public <T> T waitFor(java.util.function.Function<? super WebDriver, T> condition) {
        return wait(timeout).until(condition);
    }

    private WebDriverWait wait(Duration max) {
        WebDriverWait w = new WebDriverWait(driver, max);
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Saves a screenshot of the whole page (the window grows to the page height, up to 2,600 px). */
    public Path screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        ((JavascriptExecutor) driver).executeScript("if (document.activeElement) { document.activeElement.blur(); } window.scrollTo(0, 0);");
        var size = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        int h = Math.min(2600, Math.max(700, height.intValue() + 20));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), h));
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path file = dir.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } finally {
            driver.manage().window().setSize(size);
        }
    }
}
