package dev.livedrop.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through Debian's chromedriver, with a fresh profile. Both
 * binaries are given explicitly, so Selenium Manager never runs (it would try to download a
 * browser). Screenshots and the browser console go to {@code app/target/browser/}: on demand
 * ({@link #capture}) and, through {@link BrowserArtifacts}, whenever a test fails.
 *
 * <p>Locally the tests are skipped when Chromium is not installed; under CI (CI=true) a missing
 * Chromium fails them, since .ci/run installs it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path ARTIFACTS = Path.of("target", "browser");
  public static final Duration WAIT = Duration.ofSeconds(20);

  /** Browsers open right now, so a failing test's extension can capture each of them. */
  static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();

  private final String name;
  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final StringBuilder console = new StringBuilder();

  private Browser(String name, Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.name = name;
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /** Skips the calling test when Chromium is absent here; fails it under CI. */
  public static void assumeInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") != null) {
      fail(CHROMIUM + " or " + CHROMEDRIVER + " missing under CI: .ci/run must install chromium and chromium-driver");
    }
    assumeTrue(present, "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
        + "): apt-get install chromium chromium-driver");
  }

  /** {@code name} labels this browser's screenshots and logs, e.g. "guest-a". */
  public static Browser open(String name) {
    assumeInstalled();
    // Never let Selenium look for or fetch drivers and browsers of its own.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    System.setProperty("SE_OFFLINE", "true");
    try {
      Path profile = Files.createTempDirectory("livedrop-chromium-");
      var options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
      var logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
          .usingAnyFreePort()
          .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
      var browser = new Browser(name, profile, service, driver);
      OPEN.add(browser);
      return browser;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public String name() {
    return name;
  }

  public Browser get(String url) {
    driver.get(url);
    return this;
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (up to {@link #WAIT}) until {@code condition} returns non-null and not false. */
  public <T> T waitFor(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).withMessage(() -> name + ": " + what).until(condition);
  }

  /** Waits until the element's text equals {@code text}. */
  public void waitForText(String css, String text) {
    waitFor(css + " reads '" + text + "' (it reads '" + textOf(css) + "')", d -> text.equals(textOf(css)));
  }

  public String textOf(String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? null : found.get(0).getText();
  }

  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Saves a screenshot and the console so far as {@code target/browser/{label}-{name}.png/.log}. */
  public Path capture(String label) {
    try {
      Files.createDirectories(ARTIFACTS);
      String base = (label + "-" + name).replaceAll("[^A-Za-z0-9._-]", "_");
      Path png = ARTIFACTS.resolve(base + ".png");
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(ARTIFACTS.resolve(base + ".log"), consoleLog(), StandardCharsets.UTF_8);
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything the page logged so far (chromedriver hands each entry out once; we keep them). */
  public synchronized String consoleLog() {
    try {
      for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
        console.append(e.getTimestamp()).append(' ').append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
      }
    } catch (RuntimeException e) {
      console.append("(console unavailable: ").append(e.getMessage()).append(")\n");
    }
    return console.toString();
  }

  /** Console entries at SEVERE level (uncaught errors, CSP violations, failed loads). */
  public List<String> severeConsoleEntries() {
    return consoleLog().lines().filter(l -> l.contains(" SEVERE ")).toList();
  }

  @Override
  public void close() {
    OPEN.remove(this);
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  static Map<String, Browser> openByName() {
    var m = new java.util.TreeMap<String, Browser>();
    OPEN.forEach(b -> m.put(b.name, b));
    return m;
  }
}
