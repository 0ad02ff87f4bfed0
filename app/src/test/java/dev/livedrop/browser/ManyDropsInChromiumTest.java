package dev.livedrop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
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
import org.openqa.selenium.Cookie;

/**
 * Issue 17: a real browser that has opened many password drops is not locked out by its own
 * cookies (each drop's cookie travels only with that drop's API requests), and one that still
 * carries cookies at Path=/ from before 2026-12-04 gets them moved on its next page load.
 */
@ExtendWith(BrowserArtifacts.class)
class ManyDropsInChromiumTest {
  private static final int DROPS = 60;
  private static final String PASSWORD = "open sesame";

  @TempDir Path data;
  TestServer server;
  Browser browser;
  final List<String> adminTokens = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Browser.assumeInstalled();
    server = TestServer.start(data, Map.of("LIVEDROP_HTTP_PORT", String.valueOf(freePort())));
    for (int i = 1; i <= DROPS; i++) {
      adminTokens.add(server.api.createDrop("{\"name\":\"" + drop(i) + "\",\"title\":\"Drop " + i + "\",\"password\":\""
          + PASSWORD + "\"}").path("adminToken").asText());
    }
    browser = Browser.open("many-drops");
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.close();
    if (server != null) server.close();
  }

  static String drop(int i) {
    return String.format("m-%02d", i);
  }

  @Test
  void aBrowserThatOpenedSixtyPasswordDropsStillLoadsPagesAndDrops() {
    browser.get(server.base() + "/");
    for (int i = 1; i <= DROPS; i++) {
      assertThat(access(drop(i))).as(drop(i)).isEqualTo(200);
    }
    browser.get(server.base() + "/d/" + drop(30));
    browser.waitForText("#drop-title", "Drop 30");
    assertThat(browser.findAll("#access-form")).isEmpty();
    browser.get(server.base() + "/");
    browser.waitFor("the landing page", d -> !d.findElements(By.id("create-form")).isEmpty());
    assertThat(browser.driver().manage().getCookies()).as("cookies sent with /").isEmpty();
  }

  @Test
  void cookiesLeftAtTheRootByEarlierVersionsAreMovedOnTheNextPageLoad() {
    browser.get(server.base() + "/");
    for (int i = 1; i <= DROPS; i++) {
      browser.driver().manage().addCookie(new Cookie.Builder("ld_" + drop(i), adminTokens.get(i - 1))
          .path("/").isHttpOnly(true).sameSite("Lax").build());
    }
    assertThat(browser.driver().manage().getCookies()).hasSize(DROPS);

    browser.get(server.base() + "/d/" + drop(7));
    browser.waitForText("#drop-title", "Drop 7");
    browser.waitFor("admin settings", d -> !d.findElements(By.id("open-settings")).isEmpty());
    assertThat(browser.driver().manage().getCookies()).as("cookies sent with /d/" + drop(7)).isEmpty();
  }

  /** POST /access from the page, as the password form does; the browser keeps the cookie. */
  private long access(String drop) {
    Object status = browser.driver().executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/v1/drops/' + arguments[0] + '/access', { method: 'POST', credentials: 'same-origin',"
            + " headers: { 'Content-Type': 'application/json' },"
            + " body: JSON.stringify({ password: arguments[1], nickname: 'ana' }) })"
            + ".then(r => done(r.status), e => done(-1));",
        drop, PASSWORD);
    return ((Number) status).longValue();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
