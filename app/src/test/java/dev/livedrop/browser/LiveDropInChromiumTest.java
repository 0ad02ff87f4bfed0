package dev.livedrop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * Issue 4 end to end: people in separate browsers share one private drop and see each other's
 * files, comments and chat arrive without reloading; a browser without the password sees nothing;
 * names and notes crafted as markup never run.
 */
@ExtendWith(BrowserArtifacts.class)
class LiveDropInChromiumTest {
  private static final String DROP = "team-room";
  private static final String PASSWORD = "open sesame";
  private static final String EVIL_NAME = "<img src=x onerror=alert(1)>.svg";
  /** Runs before any page script: an alert or a handler that fired would leave a mark here. */
  private static final String TRIPWIRE =
      "window.__alerts = 0; window.alert = window.confirm = window.prompt = function () { window.__alerts++; return true; };";

  @TempDir Path data;
  @TempDir Path files;
  TestServer server;
  final List<Browser> browsers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Browser.assumeInstalled();
    // The public URL is left at its default (http://localhost:8080), not the address the browsers
    // use: the page reaches the XMPP endpoints on its own origin regardless.
    int port = freePort();
    server = TestServer.start(data, Map.of("LIVEDROP_HTTP_PORT", String.valueOf(port)));
    var created = server.api.createDrop("{\"name\":\"" + DROP + "\",\"title\":\"Team room\",\"expiry\":\"1w\","
        + "\"password\":\"" + PASSWORD + "\",\"guests\":{\"add\":true,\"comment\":true,\"delete\":false}}");
    assertThat(created.path("drop").path("name").asText()).isEqualTo(DROP);
  }

  @AfterEach
  void stop() {
    browsers.forEach(Browser::close);
    if (server != null) server.close();
  }

  @Test
  void twoGuestsSeeEachOthersFilesCommentsAndChatLiveAndAStrangerSeesNothing() throws Exception {
    Browser maria = guest("maria");
    Browser jonas = guest("jonas");
    hereNowShows(jonas, "maria");
    hereNowShows(maria, "jonas");

    // Maria uploads two files through the picker; Jonas sees both appear.
    Path report = Files.writeString(files.resolve("report.txt"), "quarterly numbers\n", StandardCharsets.UTF_8);
    Path evil = Files.writeString(files.resolve(EVIL_NAME),
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(2)</script></svg>", StandardCharsets.UTF_8);
    maria.find("#file-input").sendKeys(report.toString() + "\n" + evil.toString());
    WebElement reportCard = assetNamed(jonas, "report.txt");
    assetNamed(jonas, "svg");
    assertThat(jonas.findAll("#assets li.asset")).hasSize(2);
    assertThat(reportCard.findElement(By.cssSelector(".added-by")).getText()).isEqualTo("maria");
    assertThat(reportCard.findElement(By.cssSelector(".size")).getText()).isEqualTo("18 B");
    assetNamed(maria, "report.txt");

    // A note whose Markdown holds markup: formatting survives, script does not.
    maria.find("#add-note").click();
    maria.find("#note-title").sendKeys("Agenda");
    maria.find("#note-text").sendKeys("**Monday** photos\n<script>window.__xss = 1</script>\n"
        + "<img src=x onerror=\"window.__xss = 2\">\n[click](javascript:window.__xss=3)");
    maria.find("#note-form button").click();
    WebElement note = assetNamed(jonas, "Agenda");
    jonas.waitFor("the note's bold text", d -> note.findElements(By.cssSelector(".note-text strong")).stream()
        .anyMatch(e -> e.getText().equals("Monday")));
    assertThat(note.findElements(By.cssSelector(".note-text script, .note-text img, .note-text [onerror]"))).isEmpty();
    assertThat(note.findElement(By.cssSelector(".note-text")).getText()).contains("<script>window.__xss = 1</script>");
    assertThat(note.findElements(By.cssSelector(".note-text a[href^='javascript']"))).isEmpty();

    // Jonas opens the report's comments; Maria comments; it appears for Jonas.
    comments(jonas, "report.txt").click();
    comments(maria, "report.txt").click();
    WebElement mariasCard = assetNamed(maria, "report.txt");
    mariasCard.findElement(By.cssSelector(".comment-form textarea")).sendKeys("Nice one <b>really</b>");
    mariasCard.findElement(By.cssSelector(".comment-form button")).click();
    jonas.waitFor("Maria's comment", d -> assetNamed(jonas, "report.txt").findElements(By.cssSelector(".comment-text"))
        .stream().anyMatch(e -> e.getText().equals("Nice one <b>really</b>")));

    // Chat, both ways.
    maria.find("#chat-input").sendKeys("hello jonas");
    maria.find("#chat-form button").click();
    chatShows(jonas, "maria", "hello jonas");
    jonas.find("#chat-input").sendKeys("hi maria");
    jonas.find("#chat-form button").click();
    chatShows(maria, "jonas", "hi maria");

    // Nothing anyone sent ran as script, in either browser.
    for (Browser b : List.of(maria, jonas)) {
      assertThat(b.js("return window.__alerts")).as(b.name() + " alerts").isEqualTo(0L);
      assertThat(b.js("return window.__xss === undefined")).as(b.name() + " injected script").isEqualTo(true);
      assertThat(b.findAll("img[src='x']")).isEmpty();
    }

    // A third browser without the password: a prompt, no files, no room.
    Browser stranger = open("stranger");
    stranger.get(server.base() + "/d/" + DROP);
    stranger.waitFor("the password prompt", d -> !d.findElements(By.id("access-form")).isEmpty());
    assertThat(stranger.findAll("#assets")).isEmpty();
    assertThat(stranger.driver().getPageSource()).doesNotContain("report.txt").doesNotContain("Agenda");
    assertThat(fetchStatus(stranger, "POST", "/api/v1/drops/" + DROP + "/session")).isEqualTo(401);
    assertThat(fetchStatus(stranger, "GET", "/api/v1/drops/" + DROP)).isEqualTo(401);
    hereNowLacks(maria, "stranger");

    // A wrong password is refused with a message.
    stranger.find("#access-password").sendKeys("guess");
    stranger.find("#access-form button[type=submit]").click();
    stranger.waitFor("the wrong-password message", d -> !stranger.textOf("#access-error").isBlank());
    assertThat(stranger.findAll("#assets")).isEmpty();

    maria.capture("drop-page-desktop");
    jonas.driver().manage().window().setSize(new Dimension(390, 844));
    jonas.capture("drop-page-phone");
    stranger.capture("drop-page-locked");
    for (Browser b : List.of(maria, jonas)) {
      // The one expected error: the first GET of the drop, before the password, is a 401.
      assertThat(b.severeConsoleEntries()).as(b.name() + "'s console")
          .allMatch(line -> line.contains("/api/v1/drops/" + DROP + " ") && line.contains("status of 401"));
    }
  }

  @Test
  void theLandingPageCreatesADropAndItsCreatorIsAdmin() {
    Browser creator = open("creator");
    creator.get(server.base() + "/");
    creator.find("#create-title").sendKeys("Holiday pictures");
    creator.find("#create-name").sendKeys("holiday-2026");
    creator.find("#create-password").sendKeys("secret words");
    creator.find("#create-form button[type=submit]").click();
    creator.waitFor("the created panel", d -> creator.find("#created").isDisplayed());
    assertThat(creator.find("#drop-link").getDomProperty("value")).endsWith("/d/holiday-2026");
    assertThat(creator.find("#admin-secret").getDomProperty("value")).isNotBlank();
    creator.capture("landing-created");
    creator.find("#open-created").click();
    creator.waitForText("#drop-title", "Holiday pictures");
    creator.waitFor("admin settings", d -> !d.findElements(By.id("open-settings")).isEmpty());
    creator.waitFor("live", d -> "online".equals(creator.find("#connection").getDomAttribute("data-state")));
    assertThat(creator.textOf("#you")).contains("(admin)");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Browser open(String name) {
    Browser b = Browser.open(name);
    browsers.add(b);
    b.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", TRIPWIRE));
    return b;
  }

  /** Opens the drop, answers the password prompt as {@code nick} and waits until live. */
  private Browser guest(String nick) {
    Browser b = open(nick);
    b.get(server.base() + "/d/" + DROP);
    b.waitFor("the password prompt", d -> !d.findElements(By.id("access-form")).isEmpty());
    b.find("#access-password").sendKeys(PASSWORD);
    b.find("#access-nickname").sendKeys(nick);
    b.find("#access-form button[type=submit]").click();
    b.waitForText("#drop-title", "Team room");
    b.waitFor("the live connection", d -> "online".equals(b.find("#connection").getDomAttribute("data-state")));
    hereNowShows(b, nick);
    return b;
  }

  private static void hereNowShows(Browser b, String nick) {
    b.waitFor(nick + " in here-now", d -> d.findElements(By.cssSelector("#here-now li")).stream()
        .anyMatch(li -> nick.equals(li.getDomAttribute("data-nick"))));
  }

  private static void hereNowLacks(Browser b, String nick) {
    assertThat(b.findAll("#here-now li").stream().map(li -> li.getDomAttribute("data-nick"))).doesNotContain(nick);
  }

  /** The card whose name contains {@code text}, once it is there. */
  private static WebElement assetNamed(Browser b, String text) {
    return b.waitFor("an asset named like '" + text + "'", d -> d.findElements(By.cssSelector("#assets li.asset")).stream()
        .filter(li -> li.findElement(By.cssSelector(".asset-name")).getText().contains(text)).findFirst().orElse(null));
  }

  private static WebElement comments(Browser b, String asset) {
    return assetNamed(b, asset).findElement(By.cssSelector(".comments-toggle"));
  }

  private static void chatShows(Browser b, String nick, String text) {
    b.waitFor("chat line '" + text + "'", d -> d.findElements(By.cssSelector("#chat-log .chat-line")).stream()
        .anyMatch(li -> nick.equals(li.getDomAttribute("data-nick"))
            && text.equals(li.findElement(By.cssSelector(".text")).getText())));
  }

  private static long fetchStatus(Browser b, String method, String path) {
    Object status = b.driver().executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[1], { method: arguments[0], credentials: 'same-origin' }).then(r => done(r.status), e => done(-1));",
        method, path);
    return ((Number) status).longValue();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
