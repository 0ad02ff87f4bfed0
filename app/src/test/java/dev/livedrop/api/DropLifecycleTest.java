package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating, reading, changing and deleting drops over HTTP, and the errors for bad input. */
class DropLifecycleTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_MAX_EXPIRY", "1m"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createWithChosenNameReturns201WithAdminSecretShownOnce() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"team-photos\",\"title\":\"Team photos\",\"expiry\":\"1d\"}");
    assertThat(r.status()).isEqualTo(201);
    JsonNode body = r.json();
    assertThat(body.path("drop").path("name").asText()).isEqualTo("team-photos");
    assertThat(body.path("drop").path("url").asText()).endsWith("/d/team-photos");
    assertThat(body.path("drop").path("expiry").asText()).isEqualTo("1d");
    assertThat(body.path("adminSecret").asText()).hasSizeGreaterThan(30);
    assertThat(r.header("Location")).isEqualTo("/api/v1/drops/team-photos");
    var read = server.api.get("/api/v1/drops/team-photos");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text()).doesNotContain(body.path("adminSecret").asText()).doesNotContain("Hash");
  }

  @Test
  void createWithoutNameGeneratesAValidOne() {
    JsonNode body = server.api.createDrop("{}");
    String name = body.path("drop").path("name").asText();
    assertThat(name).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
    assertThat(server.api.get("/api/v1/drops/" + name).status()).isEqualTo(200);
  }

  @Test
  void takenNameIs409() {
    server.api.createDrop("{\"name\":\"only-once\"}");
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"only-once\"}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.problem()).isEqualTo("name-taken");
  }

  @Test
  void invalidNamesAre400() {
    for (String bad : new String[] {"ab", "UPPER", "-lead", "trail-", "sp ace", "ünï", "a".repeat(65), "x_y", "a.b"}) {
      var r = server.api.postJson("/api/v1/drops", "{\"name\":\"" + bad + "\"}");
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.problem()).as(bad).isEqualTo("name-invalid");
    }
  }

  @Test
  void reservedNamesAre400() {
    for (String reserved : new String[] {"api", "admin", "http-bind", "xmpp-websocket", "rooms"}) {
      var r = server.api.postJson("/api/v1/drops", "{\"name\":\"" + reserved + "\"}");
      assertThat(r.status()).as(reserved).isEqualTo(400);
      assertThat(r.problem()).as(reserved).isEqualTo("name-reserved");
    }
  }

  @Test
  void malformedJsonIs400AndCreatesNothing() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"half-open\"");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problem()).isEqualTo("malformed-json");
    assertThat(server.api.get("/api/v1/drops/half-open").status()).isEqualTo(404);
  }

  @Test
  void unknownFieldIs400NamingIt() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"unknown-field\",\"colour\":\"red\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problem()).isEqualTo("invalid-request");
    assertThat(r.json().path("detail").asText()).contains("colour");
  }

  @Test
  void fieldOfWrongTypeIs400NamingIt() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"wrong-type\",\"guests\":{\"add\":\"yes\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).contains("guests.add");
    var n = server.api.postJson("/api/v1/drops", "{\"name\":123}");
    assertThat(n.status()).isEqualTo(400);
    assertThat(server.api.get("/api/v1/drops/wrong-type").status()).isEqualTo(404);
  }

  @Test
  void nonJsonBodyIs415() {
    var r = server.api.send(server.api.request("/api/v1/drops").header("Content-Type", "text/plain")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x")));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.problem()).isEqualTo("unsupported-media-type");
  }

  @Test
  void expiryBeyondServerCapIs400() {
    var r = server.api.postJson("/api/v1/drops", "{\"name\":\"forever\",\"expiry\":\"never\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).contains("1m");
    var unknown = server.api.postJson("/api/v1/drops", "{\"name\":\"fortnight\",\"expiry\":\"2w\"}");
    assertThat(unknown.status()).isEqualTo(400);
  }

  @Test
  void adminChangesSettingsGuestsMayNot() {
    JsonNode created = server.api.createDrop("{\"name\":\"drop-settings\"}");
    String admin = bearer(created.path("adminToken").asText());
    var changed = server.api.patchJson("/api/v1/drops/drop-settings",
        "{\"title\":\"New title\",\"guests\":{\"add\":false,\"comment\":true,\"delete\":false}}", "Authorization", admin);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("title").asText()).isEqualTo("New title");
    assertThat(changed.json().path("guests").path("add").asBoolean()).isFalse();
    var asGuest = server.api.patchJson("/api/v1/drops/drop-settings", "{\"title\":\"Mine now\"}");
    assertThat(asGuest.status()).isEqualTo(403);
    assertThat(asGuest.problem()).isEqualTo("forbidden");
  }

  @Test
  void adminDeletesDropGuestsMayNot() {
    JsonNode created = server.api.createDrop("{\"name\":\"to-delete\"}");
    assertThat(server.api.delete("/api/v1/drops/to-delete").status()).isEqualTo(403);
    var r = server.api.delete("/api/v1/drops/to-delete", "Authorization", bearer(created.path("adminToken").asText()));
    assertThat(r.status()).isEqualTo(204);
    assertThat(server.api.get("/api/v1/drops/to-delete").status()).isEqualTo(404);
  }

  @Test
  void unknownDropIs404Problem() {
    var r = server.api.get("/api/v1/drops/no-such-drop");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.problem()).isEqualTo("not-found");
  }

  @Test
  void unknownRouteAndMethodAreProblems() {
    assertThat(server.api.get("/api/v1/nothing-here").problem()).isEqualTo("not-found");
    var r = server.api.send(server.api.request("/api/v1/drops").PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).isIn(404, 405);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void guestPermissionsLeftOutKeepTheirValue() {
    // A new drop: what is left out takes the default (add and comment yes, delete no).
    var created = server.api.createDrop("{\"name\":\"partial-guests\",\"guests\":{\"delete\":true}}");
    assertThat(created.path("drop").path("guests").toString()).isEqualTo("{\"add\":true,\"comment\":true,\"delete\":true}");
    String admin = bearer(created.path("adminToken").asText());
    // A change: what is left out stays as the drop has it.
    var changed = server.api.patchJson("/api/v1/drops/partial-guests", "{\"guests\":{\"comment\":false}}", "Authorization", admin);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("guests").toString()).isEqualTo("{\"add\":true,\"comment\":false,\"delete\":true}");
    var wrong = server.api.patchJson("/api/v1/drops/partial-guests", "{\"guests\":{\"comment\":null,\"share\":true}}", "Authorization", admin);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().path("detail").asText()).contains("share").doesNotContain("DeserializationFeature");
  }
}
