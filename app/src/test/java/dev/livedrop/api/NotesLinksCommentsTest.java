package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notes, links and comments through the API, with the guest permissions that govern them. */
class NotesLinksCommentsTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_MAX_NOTE_LENGTH", "100"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String drop(String name, String guests) {
    return bearer(server.api.createDrop("{\"name\":\"" + name + "\",\"guests\":" + guests + "}").path("adminToken").asText());
  }

  static final String OPEN = "{\"add\":true,\"comment\":true,\"delete\":false}";

  @Test
  void noteIsCreatedListedAndEdited() {
    drop("notes", OPEN);
    var r = server.api.postJson("/api/v1/drops/notes/assets", "{\"kind\":\"note\",\"title\":\"Agenda\",\"text\":\"# Hi\"}", "X-Nickname", "maria");
    assertThat(r.status()).isEqualTo(201);
    String id = r.json().path("id").asText();
    assertThat(r.header("Location")).endsWith("/assets/" + id);
    assertThat(r.json().path("note").path("text").asText()).isEqualTo("# Hi");
    assertThat(r.json().path("addedBy").asText()).isEqualTo("maria");
    // A note says its kind as a code and carries no file or link part, not even as null.
    assertThat(r.json().path("kind").asText()).isEqualTo("note");
    assertThat(r.json().has("file")).isFalse();
    assertThat(r.json().has("link")).isFalse();
    assertThat(server.api.get("/api/v1/drops/notes/assets").json().path("assets").get(0).path("name").asText()).isEqualTo("Agenda");
    var edited = server.api.patchJson("/api/v1/drops/notes/assets/" + id, "{\"text\":\"# Bye\",\"name\":\"Minutes\",\"description\":\"weekly\"}");
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().path("note").path("text").asText()).isEqualTo("# Bye");
    assertThat(edited.json().path("name").asText()).isEqualTo("Minutes");
    assertThat(edited.json().path("description").asText()).isEqualTo("weekly");
  }

  @Test
  void noteOverTheLengthLimitIs400() {
    drop("long-note", OPEN);
    var r = server.api.postJson("/api/v1/drops/long-note/assets", "{\"kind\":\"note\",\"text\":\"" + "x".repeat(101) + "\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).contains("100");
  }

  @Test
  void linkIsCreated() {
    drop("links", OPEN);
    var r = server.api.postJson("/api/v1/drops/links/assets", "{\"kind\":\"link\",\"url\":\"https://example.org/x\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("link").path("url").asText()).isEqualTo("https://example.org/x");
  }

  @Test
  void linksThatWouldRunScriptOrGoNowhereAre400() {
    drop("bad-links", OPEN);
    for (String url : new String[] {"javascript:alert(1)", "data:text/html,<b>x</b>", "/relative", "ftp://host/file"}) {
      var r = server.api.postJson("/api/v1/drops/bad-links/assets", "{\"kind\":\"link\",\"url\":\"" + url + "\"}");
      assertThat(r.status()).as(url).isEqualTo(400);
      assertThat(r.problem()).isEqualTo("invalid-request");
    }
  }

  @Test
  void unknownKindIs400() {
    drop("kinds", OPEN);
    assertThat(server.api.postJson("/api/v1/drops/kinds/assets", "{\"kind\":\"video\"}").status()).isEqualTo(400);
  }

  @Test
  void adminDeletesGuestsMayNotWhereDeletingIsOff() {
    String admin = drop("deleting", OPEN);
    String id = server.api.postJson("/api/v1/drops/deleting/assets", "{\"kind\":\"note\",\"text\":\"x\"}").json().path("id").asText();
    var asGuest = server.api.delete("/api/v1/drops/deleting/assets/" + id);
    assertThat(asGuest.status()).isEqualTo(403);
    assertThat(asGuest.problem()).isEqualTo("forbidden");
    assertThat(server.api.delete("/api/v1/drops/deleting/assets/" + id, "Authorization", admin).status()).isEqualTo(204);
    assertThat(server.api.get("/api/v1/drops/deleting/assets/" + id).status()).isEqualTo(404);
  }

  @Test
  void commentsAreAddedInOrderAndDeleted() {
    String admin = drop("comments", OPEN);
    String id = server.api.postJson("/api/v1/drops/comments/assets", "{\"kind\":\"note\",\"text\":\"x\"}").json().path("id").asText();
    String base = "/api/v1/drops/comments/assets/" + id + "/comments";
    var first = server.api.postJson(base, "{\"text\":\"nice\"}", "X-Nickname", "maria");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("nickname").asText()).isEqualTo("maria");
    server.api.postJson(base, "{\"text\":\"thanks\"}", "X-Nickname", "jo");
    var list = server.api.get(base).json().path("comments");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("text").asText()).isEqualTo("nice");
    assertThat(list.get(1).path("nickname").asText()).isEqualTo("jo");
    var del = server.api.delete(base + "/" + first.json().path("id").asText(), "Authorization", admin);
    assertThat(del.status()).isEqualTo(204);
    assertThat(server.api.get(base).json().path("comments")).hasSize(1);
  }

  @Test
  void emptyCommentIs400AndUnknownAssetIs404() {
    drop("comment-errors", OPEN);
    String id = server.api.postJson("/api/v1/drops/comment-errors/assets", "{\"kind\":\"note\",\"text\":\"x\"}").json().path("id").asText();
    assertThat(server.api.postJson("/api/v1/drops/comment-errors/assets/" + id + "/comments", "{\"text\":\"  \"}").status()).isEqualTo(400);
    assertThat(server.api.postJson("/api/v1/drops/comment-errors/assets/01m88cvkc039k13a4mtd2v0e71/comments", "{\"text\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void guestsMayNotCommentWhereCommentingIsOffAdminsMay() {
    String admin = drop("no-comments", "{\"add\":true,\"comment\":false,\"delete\":false}");
    String id = server.api.postJson("/api/v1/drops/no-comments/assets", "{\"kind\":\"note\",\"text\":\"x\"}").json().path("id").asText();
    String base = "/api/v1/drops/no-comments/assets/" + id + "/comments";
    assertThat(server.api.postJson(base, "{\"text\":\"hi\"}").status()).isEqualTo(403);
    assertThat(server.api.postJson(base, "{\"text\":\"hi\"}", "Authorization", admin).status()).isEqualTo(201);
  }

  @Test
  void nicknameWithControlCharactersIs400() {
    drop("nicknames", OPEN);
    var r = server.api.postJson("/api/v1/drops/nicknames/assets", "{\"kind\":\"note\",\"text\":\"x\"}", "X-Nickname", "a%0Ab");
    assertThat(r.status()).isEqualTo(400);
  }
}
