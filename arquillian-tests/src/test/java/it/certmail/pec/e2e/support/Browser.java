package it.certmail.pec.e2e.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Un browser vero: Debian's headless {@code chromium} driven through Debian's {@code chromedriver} (never a driver
 * or browser downloaded at run time: stack.md §9), with a fresh profile and a given {@code Accept-Language}. It
 * accepts the provider's locally issued TLS certificate (this browser only). Every page it is asked to record is
 * saved as {@code target/screenshots/NN-name.png}.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final AtomicInteger SHOTS = new AtomicInteger();

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** @param acceptLanguage e.g. {@code it-IT,it} */
    public Browser(String acceptLanguage) {
        try {
            profile = Files.createTempDirectory("pec-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(PecServer.workDir().resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1800", "--user-data-dir=" + profile, "--lang=" + acceptLanguage.split(",")[0]);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        options.setAcceptInsecureCerts(true);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks and waits for the next page (every console form posts without Ajax). */
    public void clickAndWait(String css) {
        WebElement e = find(css);
        e.click();
        // the old page's element is gone once asking about it fails (stale, or "does not belong to the document"
        // while the next page replaces it)
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                e.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        waitForLoad();
    }

    public void waitForLoad() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    public String heading() {
        return text("h1");
    }

    /** Saves what the browser shows as {@code target/screenshots/NN-name.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots").toAbsolutePath());
            Path file = dir.resolve(String.format("%02d-%s.png", SHOTS.incrementAndGet(), name));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            PecServer.deleteTree(profile);
        }
    }
}
