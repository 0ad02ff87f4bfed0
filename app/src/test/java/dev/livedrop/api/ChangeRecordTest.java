package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livedrop.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change to a drop is recorded with the change, in the same transaction, numbered per drop:
 * the outbox the realtime layer publishes from. A refused change records nothing.
 */
class ChangeRecordTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Change(long seq, String type, JsonNode payload) {}

  static List<Change> changes(String drop) throws Exception {
    var out = new ArrayList<Change>();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("livedrop.db"));
        var st = c.prepareStatement("SELECT seq, type, payload FROM drop_changes WHERE drop_name = ? ORDER BY seq")) {
      st.setString(1, drop);
      try (var rs = st.executeQuery()) {
        while (rs.next()) out.add(new Change(rs.getLong(1), rs.getString(2), new ObjectMapper().readTree(rs.getString(3))));
      }
    }
    return out;
  }

  @Test
  void eachChangeIsRecordedInOrderWithTheObjectAsTheApiShowsIt() throws Exception {
    JsonNode created = server.api.createDrop("{\"name\":\"recorded\",\"password\":\"open sesame\"}");
    String admin = bearer(created.path("adminToken").asText());
    var up = server.api.putFile("recorded", "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
    String assetId = up.json().path("assets").get(0).path("id").asText();
    server.api.postJson("/api/v1/drops/recorded/assets/" + assetId + "/comments", "{\"text\":\"nice\"}", "Authorization", admin);
    server.api.patchJson("/api/v1/drops/recorded", "{\"title\":\"Renamed\"}", "Authorization", admin);
    server.api.delete("/api/v1/drops/recorded/assets/" + assetId, "Authorization", admin);

    List<Change> log = changes("recorded");
    assertThat(log).extracting(Change::type).containsExactly(
        "drop.created", "asset.created", "comment.created", "drop.updated", "asset.deleted");
    assertThat(log).extracting(Change::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(log.get(1).payload().path("id").asText()).isEqualTo(assetId);
    assertThat(log.get(1).payload().path("file").path("sha256").asText()).hasSize(64);
    assertThat(log.get(3).payload().path("title").asText()).isEqualTo("Renamed");
    // Secrets never reach the change log: it will be broadcast to the drop's room.
    assertThat(log.toString()).doesNotContain("pbkdf2").doesNotContain("sha256$").doesNotContain("open sesame");
  }

  @Test
  void refusedChangesRecordNothing() throws Exception {
    server.api.createDrop("{\"name\":\"refusals\",\"quotaBytes\":10,\"guests\":{\"add\":true,\"comment\":false,\"delete\":false}}");
    assertThat(server.api.putFile("refusals", "big.txt", "more than ten bytes".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(413);
    assertThat(server.api.patchJson("/api/v1/drops/refusals", "{\"title\":\"guest edit\"}").status()).isEqualTo(403);
    assertThat(changes("refusals")).extracting(Change::type).containsExactly("drop.created");
  }

  @Test
  void deletingADropRecordsItsDeletion() throws Exception {
    JsonNode created = server.api.createDrop("{\"name\":\"goodbye\"}");
    server.api.delete("/api/v1/drops/goodbye", "Authorization", bearer(created.path("adminToken").asText()));
    assertThat(changes("goodbye")).extracting(Change::type).containsExactly("drop.created", "drop.deleted");
  }
}
