package dev.atrium.hub.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's own Chromium and chromedriver (Debian {@code chromium} + {@code chromium-driver}, installed
 * by {@code dev/lib.sh ensure_chromium}), headless, with a fresh profile per session. Both executables are
 * given explicitly, so Selenium never looks for or downloads a browser or driver of its own.
 */
public final class Chromium implements AutoCloseable {
    public static final String BINARY = System.getProperty("atrium.chromium.binary", "/usr/bin/chromium");
    public static final String DRIVER = System.getProperty("atrium.chromium.driver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Chromium(boolean javascript, int width, int height) throws IOException {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Chromium tests need " + BINARY + " and " + DRIVER
                    + ": run ./dev/test (it installs them with apt) or apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("atrium-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--lang=en-GB");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public static Chromium start() throws IOException {
        return new Chromium(true, 1280, 900);
    }

    /** A browser with JavaScript switched off: the pages must still be readable and their forms usable. */
    public static Chromium withoutJavaScript() throws IOException {
        return new Chromium(false, 1280, 900);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
