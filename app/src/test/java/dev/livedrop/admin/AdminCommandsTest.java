package dev.livedrop.admin;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Outbox;
import dev.livedrop.support.Postgres;
import dev.livedrop.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** livedrop admin, as an operator runs it beside a real server on the same data. */
class AdminCommandsTest {
  @TempDir Path data;

  record Ran(int status, String out, String err) {}

  private static Ran admin(Map<String, String> env, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status = Admin.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Map<String, String> embedded() {
    return Map.of("LIVEDROP_DATA_DIR", data.toString());
  }

  @Test
  void dropsAreListedAndAnOperatorsDeleteReachesTheRunningServersViewers() throws Exception {
    try (var server = TestServer.start(data)) {
      String admin = bearer(server.api.createDrop("{\"name\":\"holiday\",\"title\":\"Holiday pictures\"}").path("adminToken").asText());
      server.api.createDrop("{\"name\":\"other\"}");
      assertThat(server.api.putFile("holiday", "a.txt", "12345".getBytes(StandardCharsets.UTF_8), "Authorization", admin).status())
          .isEqualTo(201);

      var list = admin(embedded(), "drops", "list");
      assertThat(list.status()).isZero();
      assertThat(list.out()).containsPattern("holiday\\s+1\\s+5\\s+\\S+\\s+Holiday pictures").contains("other");

      var gone = admin(embedded(), "drops", "delete", "holiday");
      assertThat(gone.status()).as(gone.err()).isZero();
      assertThat(server.api.get("/api/v1/drops/holiday", "Authorization", admin).status()).isIn(401, 404);
      Outbox.awaitPublished(data, "holiday", Duration.ofSeconds(10)); // the running server published it
      assertThat(admin(embedded(), "drops", "list").out()).doesNotContain("holiday").contains("other");

      var missing = admin(embedded(), "drops", "delete", "holiday");
      assertThat(missing.status()).isEqualTo(1);
      assertThat(missing.err()).contains("no drop 'holiday'");
    }
  }

  @Test
  void theOutboxShowsWhatWaitsToBePublished() throws Exception {
    try (var server = TestServer.start(data)) {
      server.app.realtime().publisher().hold();
      server.api.createDrop("{\"name\":\"waiting\"}");
      var held = admin(embedded(), "outbox");
      assertThat(held.status()).isZero();
      assertThat(held.out()).containsPattern("1 changes unpublished, the oldest from \\S+").containsPattern("waiting\\s+1");
      server.app.realtime().publisher().resume();
      Outbox.awaitPublished(data, "waiting", Duration.ofSeconds(10));
      assertThat(admin(embedded(), "outbox").out()).contains("outbox empty");
    }
  }

  @Test
  void misuseIsToldAndChangesNothing() {
    assertThat(admin(embedded()).status()).isEqualTo(2);
    assertThat(admin(embedded(), "frobnicate").err()).contains("no command 'frobnicate'");
    assertThat(admin(embedded(), "drops", "list", "extra").status()).isEqualTo(2);
    var noTarget = admin(embedded(), "migrate");
    assertThat(noTarget.status()).isEqualTo(2);
    assertThat(noTarget.err()).contains("LIVEDROP_TARGET_DATABASE_URL");
    assertThat(admin(Map.of("LIVEDROP_DATA_DIR", data.toString(), "LIVEDROP_MAX_FILE_SIZE", "lots"), "outbox").status())
        .isEqualTo(2);
  }

  @Test
  void anEmbeddedDeploymentMovesToPostgresqlWithItsTokensStillValid() throws Exception {
    String token;
    String fileId;
    try (var server = TestServer.start(data)) {
      var created = server.api.createDrop("{\"name\":\"moving\",\"password\":\"pass word\",\"guests\":{\"add\":true,\"comment\":true,\"delete\":false}}");
      String admin = bearer(created.path("adminToken").asText());
      var up = server.api.putFile("moving", "n%00ul.txt", "moved bytes".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
      assertThat(up.status()).isEqualTo(201);
      fileId = up.json().path("assets").get(0).path("id").asText();
      token = server.api.postJson("/api/v1/drops/moving/access", "{\"password\":\"pass word\",\"nickname\":\"ann\"}")
          .json().path("token").asText();
      Outbox.awaitPublished(data, null, Duration.ofSeconds(10));
    }
    String url = Postgres.shared().newDatabase();
    var env = new HashMap<>(embedded());
    env.put("LIVEDROP_TARGET_DATABASE_URL", url);
    env.put("LIVEDROP_TARGET_DATABASE_USER", Postgres.env(url).get("LIVEDROP_DATABASE_USER"));
    var moved = admin(env, "migrate");
    assertThat(moved.status()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("drops: 1 rows", "assets: 1 rows", "the token key: copied");

    var again = admin(env, "migrate");
    assertThat(again.status()).as("a second copy into a database that holds drops is refused").isEqualTo(1);
    assertThat(again.err()).contains("already holds");

    // The same data dir (file content on disk), the metadata now in PostgreSQL.
    try (var node = TestServer.startOn(url, data, Map.of())) {
      var seen = node.api.get("/api/v1/drops/moving", "Authorization", bearer(token));
      assertThat(seen.status()).as("a guest token issued before the move still opens the drop").isEqualTo(200);
      // The name as sent held a NUL, which PostgreSQL text cannot: it came across encoded and reads back exact.
      assertThat(seen.json().path("assets").get(0).path("file").path("originalName").asText()).isEqualTo("n\0ul.txt");
      var content = node.api.get("/api/v1/drops/moving/assets/" + fileId + "/content", "Authorization", bearer(token));
      assertThat(content.text()).isEqualTo("moved bytes");
      assertThat(Outbox.unpublished(url, "moving")).as("what was published before is not published again").isZero();
    }
  }
}
