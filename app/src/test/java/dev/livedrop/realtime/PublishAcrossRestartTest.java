package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.Outbox;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox survives a crash at either edge of publishing: a change committed but not yet posted
 * (server stopped between commit and publish), and one posted but not yet marked published. After
 * the restart the viewer receives the first exactly once, and the second again (a repeat with the
 * same seq and origin-id, beside the copy the room's archive kept).
 */
class PublishAcrossRestartTest {
  @TempDir Path data;

  @Test
  void aChangeCommittedButNotPublishedIsDeliveredOnceAfterARestart() throws Exception {
    String admin;
    String assetId;
    try (var first = TestServer.start(data)) {
      admin = bearer(first.api.createDrop("{\"name\":\"crashy\",\"password\":\"pass1234\"}").path("adminToken").asText());
      awaitAllPublished();
      // Stop at the exact point: the upload is committed, its event not yet in the room.
      first.app.realtime().publisher().hold();
      var upload = first.api.putFile("crashy", "plan.txt", "the plan".getBytes(), "Authorization", admin);
      assertThat(upload.status()).isEqualTo(201);
      assetId = upload.json().path("assets").get(0).path("id").asText();
      assertThat(unpublished()).isEqualTo(1);
    }

    try (var second = TestServer.start(data)) {
      awaitAllPublished();
      try (var viewer = LiveViewer.join(guestSession(second, "crashy"))) {
        var events = viewer.eventsWithin(Duration.ofSeconds(2));
        assertThat(events).filteredOn(e -> e.type().equals("asset.created")).singleElement()
            .satisfies(e -> assertThat(e.object().path("id").asText()).isEqualTo(assetId));
        // And nothing later posts it again.
        second.app.realtime().publisher().nudge();
        assertThat(viewer.eventsWithin(Duration.ofMillis(800))).isEmpty();
      }
    }
  }

  @Test
  void aChangePostedButNotMarkedIsPostedOnceMoreWithTheSameOriginIdAndSeq() throws Exception {
    try (var first = TestServer.start(data)) {
      String admin = bearer(first.api.createDrop("{\"name\":\"twice\",\"password\":\"pass1234\"}").path("adminToken").asText());
      first.api.putFile("twice", "a.txt", "a".getBytes(), "Authorization", admin);
      awaitAllPublished();
    }
    // The crash after posting (and archiving) and before marking, as the database would show it.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("livedrop.db"));
        var st = c.prepareStatement("UPDATE drop_changes SET published_at = NULL WHERE drop_name = 'twice' AND type = 'asset.created'")) {
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
    try (var second = TestServer.start(data)) {
      awaitAllPublished();
      try (var viewer = LiveViewer.join(guestSession(second, "twice"))) {
        var events = viewer.eventsWithin(Duration.ofSeconds(2));
        // The room's archive kept the first posting; the restart posts it again. A repeat, which
        // a client recognizes by its seq and origin-id (docs/events.md) and applies once.
        var created = events.stream().filter(e -> e.type().equals("asset.created")).toList();
        assertThat(created).hasSize(2);
        assertThat(created).extracting(LiveViewer.Event::originId).containsOnly(created.get(0).originId());
        assertThat(created).extracting(LiveViewer.Event::seq).containsOnly(created.get(0).seq());
        assertThat(events).extracting(LiveViewer.Event::seq).isSorted();
      }
    }
  }

  private JsonNode guestSession(TestServer server, String drop) {
    var grant = server.api.postJson("/api/v1/drops/" + drop + "/access", "{\"password\":\"pass1234\",\"nickname\":\"ivy\"}");
    assertThat(grant.status()).isEqualTo(200);
    var s = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", bearer(grant.json().path("token").asText()));
    assertThat(s.status()).isEqualTo(200);
    JsonNode session = s.json();
    // Join as a client that has no state yet: every event in the room's history counts.
    ((com.fasterxml.jackson.databind.node.ObjectNode) session).put("seq", 0);
    return session;
  }

  private void awaitAllPublished() throws Exception {
    Outbox.awaitPublished(data, null, Duration.ofSeconds(10));
  }

  private long unpublished() throws Exception {
    return Outbox.unpublished(data, null);
  }
}
