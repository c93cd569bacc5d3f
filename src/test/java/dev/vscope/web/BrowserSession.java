package dev.vscope.web;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.net.PortProber;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} driven by its
 * {@code /usr/bin/chromedriver}. Both paths are given explicitly, which keeps Selenium Manager
 * from looking for (or downloading) a browser or driver. Console messages are recorded so that
 * tests can assert the pages log no errors, CSP violations included.
 */
final class BrowserSession implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final int WIDTH = 1280;
  static final int HEIGHT = 800;

  /*
   * Selenium looks for a DevTools binding matching the browser's version and warns when there is
   * none; these tests use only WebDriver and chromedriver's CDP passthrough, so the warning is
   * noise. A strong reference: java.util.logging forgets the level of a collected logger.
   */
  private static final java.util.logging.Logger CDP_FINDER_LOGGER = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_FINDER_LOGGER.setLevel(Level.OFF);
  }

  private final ChromeDriver driver;
  private final Path profile;
  private final String baseUrl;

  private BrowserSession(ChromeDriver driver, Path profile, String baseUrl) {
    this.driver = driver;
    this.profile = profile;
    this.baseUrl = baseUrl;
  }

  /** Starts an American English Chromium with a fresh profile and a 1280×800 viewport. */
  static BrowserSession start(String baseUrl) throws IOException {
    return start(baseUrl, "en-US");
  }

  /**
   * Starts Chromium in the given language ({@code "fr-FR"}): its {@code navigator.languages},
   * its {@code Accept-Language} and its number and date formats, as a reader's own browser.
   */
  static BrowserSession start(String baseUrl, String lang) throws IOException {
    Path profile = Files.createTempDirectory("vscope-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--ignore-certificate-errors",
        "--lang=" + lang,
        "--accept-lang=" + lang,
        "--window-size=" + WIDTH + "," + HEIGHT,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
    // The constructor rather than ChromeDriverService.Builder: the Builder carries an annotation
    // whose class is not on the classpath, and javac's warning about it fails the -Werror build.
    int port = PortProber.findFreePort();
    ChromeDriverService service = new ChromeDriverService(new File(CHROMEDRIVER), port, Duration.ofSeconds(30), List.of("--port=" + port), Map.of());
    service.sendOutputTo(OutputStream.nullOutputStream());
    ChromeDriver driver = new ChromeDriver(service, options);
    // The window size includes no browser chrome in headless mode, but pin the viewport anyway so
    // the screenshots are exactly 1280×800 CSS pixels.
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    // Downloads (CSV export) go to the throw-away profile, never to the build directory.
    driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", profile.toString()));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new BrowserSession(driver, profile, baseUrl);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens a page of the site ({@code "hosts.html?dc=..."}) and waits until its data is shown. */
  void open(String pathAndQuery) {
    driver.get(baseUrl + "/" + pathAndQuery);
    waitLoaded(1);
  }

  /** Waits until the page has finished {@code loads} loads (page.js sets {@code body[data-loads]}). */
  void waitLoaded(int loads) {
    waitUntil(d -> {
      String n = d.findElement(By.tagName("body")).getDomAttribute("data-loads");
      return n != null && Integer.parseInt(n) >= loads;
    });
  }

  int loads() {
    String n = driver.findElement(By.tagName("body")).getDomAttribute("data-loads");
    return n == null ? 0 : Integer.parseInt(n);
  }

  <T> T waitUntil(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  Object asyncScript(String js, Object... args) {
    return driver.executeAsyncScript(js, args);
  }

  /** Console entries at SEVERE since the last call (reading drains them). */
  List<LogEntry> severeLogs() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  /** Saves what the viewport shows as PNG. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write screenshot " + file, e);
    }
  }

  /** Closes the browser, then the app it was testing; either may be null (a start that failed). */
  static void closeWith(BrowserSession browser, AutoCloseable app) throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (app != null) {
        app.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temp directory left behind is not worth failing the build over.
      }
    }
  }
}
