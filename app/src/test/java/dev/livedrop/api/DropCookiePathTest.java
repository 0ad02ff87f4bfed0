package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api;
import dev.livedrop.support.TestServer;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop's cookie is scoped to that drop's API (Path=/api/v1/drops/{name}), so a browser that has
 * opened many drops sends one drop's cookie with that drop's requests and none with the others';
 * cookies left at Path=/ by earlier versions are moved there on the next request.
 */
class DropCookiePathTest {
  static final int DROPS = 200;
  static final String PASSWORD = "open sesame";
  @TempDir static Path data;
  static TestServer server;
  static final List<String> adminTokens = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> created = new ArrayList<>();
      for (int i = 1; i <= DROPS; i++) {
        String name = drop(i);
        created.add(pool.submit(() -> server.api.createDrop("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")
            .path("adminToken").asText()));
      }
      for (Future<String> f : created) adminTokens.add(f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Names of one length, so that none is a prefix of another (java.net's jar matches paths by prefix). */
  static String drop(int i) {
    return String.format("c-%03d", i);
  }

  static String adminToken(int i) {
    return adminTokens.get(i - 1);
  }

  /** The Cookie header the jar would send with a request for {@code path}. */
  static String cookieHeader(CookieManager jar, String path) throws Exception {
    List<String> values = jar.get(URI.create(server.base() + path), Map.of()).getOrDefault("Cookie", List.of());
    return String.join("; ", values);
  }

  @Test
  void aBrowserThatOpenedTwoHundredPasswordDropsStillLoadsPagesAndContent() throws Exception {
    var jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    var browser = new Api(server.base(), jar);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Api.Res>> opened = new ArrayList<>();
      for (int i = 1; i <= DROPS; i++) {
        String name = drop(i);
        opened.add(pool.submit(() -> browser.postJson("/api/v1/drops/" + name + "/access",
            "{\"password\":\"" + PASSWORD + "\",\"nickname\":\"ana\"}")));
      }
      for (Future<Api.Res> f : opened) assertThat(f.get().status()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }

    byte[] content = "hello from c-100".getBytes(StandardCharsets.UTF_8);
    var upload = server.api.putFile(drop(100), "hello.txt", content, "Authorization", bearer(adminToken(100)));
    assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
    String asset = upload.json().path("assets").get(0).path("id").asText();
    String api = "/api/v1/drops/" + drop(100);

    for (String page : List.of("/", "/d/" + drop(100))) {
      assertThat(browser.get(page).status()).as(page).isEqualTo(200);
      assertThat(cookieHeader(jar, page)).as(page).isEmpty();
    }
    for (String path : List.of(api, api + "/assets", api + "/assets/" + asset + "/content", api + "/download.zip")) {
      String cookies = cookieHeader(jar, path);
      assertThat(cookies).as(path).startsWith("ld_" + drop(100) + "=").doesNotContain(";").hasSizeLessThan(1024);
      assertThat(browser.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(browser.get(api + "/assets/" + asset + "/content").bytes()).isEqualTo(content);
    assertThat(browser.get(api).json().path("you").path("role").asText()).isEqualTo("guest");
    var session = browser.send(browser.request(api + "/session").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(session.status()).as(session.toString()).isEqualTo(200);
    assertThat(jar.getCookieStore().getCookies()).hasSize(DROPS)
        .allSatisfy(c -> assertThat(c.getPath()).isEqualTo("/api/v1/drops/" + c.getName().substring(3)));
  }

  @Test
  void cookiesLeftAtTheRootAreMovedToTheirDropOnTheNextRequest() throws Exception {
    // A browser as earlier versions left it: sixty drop cookies at Path=/, over 8 KB together.
    var jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    URI site = URI.create(server.base() + "/");
    for (int i = 1; i <= 60; i++) {
      var old = new HttpCookie("ld_" + drop(i), adminToken(i));
      old.setPath("/");
      old.setDomain(site.getHost()); // as java.net's jar stores a cookie the server set
      old.setVersion(0);
      old.setMaxAge(7 * 24 * 3600);
      jar.getCookieStore().add(site, old);
    }
    var stale = new HttpCookie("ld_" + drop(61), "not-a-token");
    stale.setPath("/");
    stale.setDomain(site.getHost());
    stale.setVersion(0);
    jar.getCookieStore().add(site, stale);
    assertThat(cookieHeader(jar, "/").length()).isGreaterThan(8 * 1024);
    var browser = new Api(server.base(), jar);

    var page = browser.get("/d/" + drop(7));
    assertThat(page.status()).as(page.toString()).isEqualTo(200);

    // Nothing left at the root; every good token now sits at its drop's path, the bad one is gone.
    assertThat(cookieHeader(jar, "/")).isEmpty();
    assertThat(cookieHeader(jar, "/d/" + drop(7))).isEmpty();
    assertThat(jar.getCookieStore().getCookies()).hasSize(60)
        .allSatisfy(c -> assertThat(c.getPath()).isEqualTo("/api/v1/drops/" + c.getName().substring(3)));
    var drop = browser.get("/api/v1/drops/" + drop(7));
    assertThat(drop.status()).as(drop.toString()).isEqualTo(200);
    assertThat(drop.json().path("you").path("role").asText()).isEqualTo("admin");
    assertThat(browser.get("/api/v1/drops/" + drop(61)).status()).isEqualTo(401);
  }

  @Test
  void deletingADropDeletesItsCookie() throws Exception {
    var jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    var browser = new Api(server.base(), jar);
    var created = browser.postJson("/api/v1/drops", "{\"name\":\"short-lived\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Set-Cookie")).isNotNull();
    String admin = created.json().path("adminToken").asText();
    browser.postJson("/api/v1/drops/short-lived/access", "{\"adminSecret\":\"" + created.json().path("adminSecret").asText() + "\"}");
    assertThat(cookieHeader(jar, "/api/v1/drops/short-lived")).startsWith("ld_short-lived=");
    assertThat(browser.delete("/api/v1/drops/short-lived", "Authorization", bearer(admin)).status()).isEqualTo(204);
    assertThat(cookieHeader(jar, "/api/v1/drops/short-lived")).isEmpty();
  }
}
