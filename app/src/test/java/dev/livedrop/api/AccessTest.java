package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords, tokens, cookies and the throttle on wrong guesses. */
class AccessTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_PASSWORD_ATTEMPTS", "3", "LIVEDROP_PASSWORD_ATTEMPT_WINDOW", "10m"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode privateDrop(String name) {
    return server.api.createDrop("{\"name\":\"" + name + "\",\"password\":\"open sesame\"}");
  }

  static String guestToken(String drop, String password) {
    var r = server.api.postJson("/api/v1/drops/" + drop + "/access", "{\"password\":\"" + password + "\",\"nickname\":\"ana\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("token").asText();
  }

  @Test
  void privateDropWithoutTokenIs401() {
    privateDrop("locked");
    var r = server.api.get("/api/v1/drops/locked");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.problem()).isEqualTo("unauthenticated");
    assertThat(server.api.get("/api/v1/drops/locked/assets").status()).isEqualTo(401);
    assertThat(server.api.get("/api/v1/drops/locked/download.zip").status()).isEqualTo(401);
  }

  @Test
  void rightPasswordGivesATokenAndAnHttpOnlyCookie() {
    privateDrop("with-cookie");
    var r = server.api.postJson("/api/v1/drops/with-cookie/access", "{\"password\":\"open sesame\",\"nickname\":\"ana\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("role").asText()).isEqualTo("guest");
    assertThat(r.json().path("expiresAt").asText()).isNotEmpty();
    var setCookies = r.raw().headers().allValues("Set-Cookie");
    String setCookie = setCookies.stream().filter(c -> c.contains("Path=/api/v1/drops/with-cookie")).findFirst().orElseThrow();
    assertThat(setCookie).startsWith("ld_with-cookie=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
    // Any copy a browser still keeps at Path=/ from before 2026-12-04 is deleted.
    assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("ld_with-cookie=;").contains("Path=/;").contains("Max-Age=0"));
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    var viaCookie = server.api.get("/api/v1/drops/with-cookie", "Cookie", cookie);
    assertThat(viaCookie.status()).isEqualTo(200);
    assertThat(viaCookie.json().path("you").path("nickname").asText()).isEqualTo("ana");
    var viaBearer = server.api.get("/api/v1/drops/with-cookie", "Authorization", bearer(r.json().path("token").asText()));
    assertThat(viaBearer.status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordIs401() {
    privateDrop("wrong-pass");
    var r = server.api.postJson("/api/v1/drops/wrong-pass/access", "{\"password\":\"guess\"}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.problem()).isEqualTo("wrong-credentials");
  }

  @Test
  void repeatedWrongPasswordsAreThrottledPerDropWith429() {
    privateDrop("throttled");
    privateDrop("not-throttled");
    for (int i = 0; i < 3; i++) {
      assertThat(server.api.postJson("/api/v1/drops/throttled/access", "{\"password\":\"guess" + i + "\"}").status()).isEqualTo(401);
    }
    var blocked = server.api.postJson("/api/v1/drops/throttled/access", "{\"password\":\"open sesame\"}");
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.problem()).isEqualTo("too-many-attempts");
    assertThat(blocked.header("Retry-After")).isEqualTo("600");
    // Another drop is not affected by this one's throttle.
    assertThat(server.api.postJson("/api/v1/drops/not-throttled/access", "{\"password\":\"open sesame\"}").status()).isEqualTo(200);
  }

  @Test
  void adminSecretGivesAdminToken() {
    JsonNode created = privateDrop("admin-login");
    var r = server.api.postJson("/api/v1/drops/admin-login/access",
        "{\"adminSecret\":\"" + created.path("adminSecret").asText() + "\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("role").asText()).isEqualTo("admin");
    var patch = server.api.patchJson("/api/v1/drops/admin-login", "{\"title\":\"Mine\"}",
        "Authorization", bearer(r.json().path("token").asText()));
    assertThat(patch.status()).isEqualTo(200);
    var wrong = server.api.postJson("/api/v1/drops/admin-login/access", "{\"adminSecret\":\"nope\"}");
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void forgedTokenIs401() {
    privateDrop("forgery");
    String token = guestToken("forgery", "open sesame");
    String[] parts = token.split("\\.");
    // Same header and signature, claims changed to admin: the signature no longer matches.
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"guest\"", "\"admin\"");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];
    var r = server.api.get("/api/v1/drops/forgery", "Authorization", bearer(forged));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("token").asText()).isEqualTo("invalid");
    assertThat(server.api.get("/api/v1/drops/forgery", "Authorization", bearer("garbage")).status()).isEqualTo(401);
    var unsigned = parts[0].replace(parts[0], Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()))
        + "." + parts[1] + ".";
    assertThat(server.api.get("/api/v1/drops/forgery", "Authorization", bearer(unsigned)).status()).isEqualTo(401);
  }

  @Test
  void tokenForAnotherDropIs401() {
    privateDrop("drop-one");
    privateDrop("drop-two");
    String token = guestToken("drop-one", "open sesame");
    var r = server.api.get("/api/v1/drops/drop-two", "Authorization", bearer(token));
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void changingThePasswordRevokesGuestTokens() {
    JsonNode created = privateDrop("rotate");
    String token = guestToken("rotate", "open sesame");
    assertThat(server.api.get("/api/v1/drops/rotate", "Authorization", bearer(token)).status()).isEqualTo(200);
    var patch = server.api.patchJson("/api/v1/drops/rotate", "{\"password\":\"new secret\"}",
        "Authorization", bearer(created.path("adminToken").asText()));
    assertThat(patch.status()).isEqualTo(200);
    var r = server.api.get("/api/v1/drops/rotate", "Authorization", bearer(token));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("token").asText()).isEqualTo("revoked");
    assertThat(server.api.get("/api/v1/drops/rotate", "Authorization", bearer(guestToken("rotate", "new secret"))).status())
        .isEqualTo(200);
    // The admin's token is not a guest token and keeps working.
    assertThat(server.api.get("/api/v1/drops/rotate", "Authorization", bearer(created.path("adminToken").asText())).status())
        .isEqualTo(200);
  }

  @Test
  void removingThePasswordOpensTheDrop() {
    JsonNode created = privateDrop("opened");
    server.api.patchJson("/api/v1/drops/opened", "{\"removePassword\":true}", "Authorization", bearer(created.path("adminToken").asText()));
    var r = server.api.get("/api/v1/drops/opened");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("passwordProtected").asBoolean()).isFalse();
  }

  @Test
  void openDropsNeedNoToken() {
    server.api.createDrop("{\"name\":\"open-drop\"}");
    var r = server.api.get("/api/v1/drops/open-drop");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("you").path("role").asText()).isEqualTo("guest");
  }

  @Test
  void passwordTooShortIs400() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"short-pass\",\"password\":\"abc\"}");
    assertThat(r.status()).isEqualTo(400);
  }
}
