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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop room's messages are kept in the database (room_archive): events and chat lines come back
 * after a restart, as join history and through XEP-0313 with the stanza-ids clients saw live; a
 * deleted drop's archive goes with it; the archive keeps at most LIVEDROP_ROOM_ARCHIVE_MAX.
 */
class RoomArchiveTest {
  private static final String PASSWORD = "pass1234";
  @TempDir Path data;

  @Test
  void eventsAndChatLinesSurviveARestartAsJoinHistoryAndInTheArchive() throws Exception {
    String chatId;
    try (var first = TestServer.start(data)) {
      String admin = createDrop(first, "keep");
      first.api.putFile("keep", "a.txt", "a".getBytes(), "Authorization", admin);
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(first, "keep", "ivy"))) {
        viewer.room.sendMessage("hello before the restart");
        chatId = StanzaIdElement.getStanzaId(awaitBody(viewer, "hello before the restart")).getId();
      }
    }

    try (var second = TestServer.start(data)) {
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(second, "keep", "joe"))) {
        // The join history: nothing was posted since the restart, so it can only come from the archive.
        var history = new ArrayList<Message>();
        while (history.stream().noneMatch(m -> "hello before the restart".equals(m.getBody()))) {
          Message m = viewer.messages.poll(10, TimeUnit.SECONDS);
          assertThat(m).as("the chat line in the join history").isNotNull();
          history.add(m);
        }
        assertThat(events(history)).containsExactly("drop.created", "asset.created");

        var mam = MamManager.getInstanceFor(viewer.room);
        assertThat(mam.isSupported()).isTrue();
        var all = mam.queryArchive(MamQueryArgs.builder().build());
        assertThat(all.getMessages()).extracting(Message::getBody).last().isEqualTo("hello before the restart");
        assertThat(events(all.getMessages())).containsExactly("drop.created", "asset.created");
        assertThat(all.getMamResultExtensions()).extracting(r -> r.getId()).contains(chatId);
        // The id seen live before the restart still names the same place in the archive.
        var since = mam.queryArchive(MamQueryArgs.builder().afterUid(chatId).build());
        assertThat(since.getMessages()).isEmpty();
        assertThat(since.isComplete()).isTrue();
      }
    }
  }

  @Test
  void deletingADropDeletesItsArchiveSoANewDropOfThatNameStartsEmpty() throws Exception {
    try (var server = TestServer.start(data)) {
      String admin = createDrop(server, "again");
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(server, "again", "ivy"))) {
        viewer.room.sendMessage("a line of the first drop");
        awaitBody(viewer, "a line of the first drop");
      }
      // A chat line is written by the archive's writer a moment after its broadcast (only events
      // are awaited before they count as published), so wait for the row rather than race it.
      awaitArchivedCount("a line of the first drop", 1);
      assertThat(server.api.delete("/api/v1/drops/again", "Authorization", admin).status()).isEqualTo(204);
      awaitPublished();
      assertThat(archivedContaining("a line of the first drop")).isZero();
      createDrop(server, "again");
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(server, "again", "joe"))) {
        var mam = MamManager.getInstanceFor(viewer.room);
        assertThat(mam.isSupported()).isTrue();
        var all = mam.queryArchive(MamQueryArgs.builder().build());
        assertThat(all.getMessages()).extracting(Message::getBody).noneMatch(b -> b.contains("first drop"));
        assertThat(events(all.getMessages())).containsExactly("drop.created");
      }
    }
  }

  @Test
  void messagesLeftByADropThatIsGoneAreForgottenAtStart() throws Exception {
    try (var server = TestServer.start(data)) {
      createDrop(server, "kept");
      awaitPublished();
    }
    // As a crash between a drop's deletion and its room's would leave them: rows of a room whose
    // drop is no more, beside the rows of a live drop.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("livedrop.db"));
        var st = c.prepareStatement("INSERT INTO room_archive (room, pos, stanza_id, sent_at, nick, xml) VALUES (?, 1, ?, 0, 'ivy', ?)")) {
      st.setString(1, "orphan@rooms.drops.test");
      st.setString(2, java.util.UUID.randomUUID().toString());
      st.setString(3, "<message xmlns='jabber:client' type='groupchat' from='orphan@rooms.drops.test/ivy'><body>a secret of the deleted drop</body></message>");
      st.executeUpdate();
    }
    try (var server = TestServer.start(data)) {
      awaitPublished();
      assertThat(archivedContaining("a secret of the deleted drop")).isZero();
      assertThat(archivedContaining("drop.created")).as("a live drop keeps its archive").isPositive();
      createDrop(server, "orphan");
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(server, "orphan", "joe"))) {
        var mam = MamManager.getInstanceFor(viewer.room);
        assertThat(mam.isSupported()).isTrue();
        var all = mam.queryArchive(MamQueryArgs.builder().build());
        assertThat(all.getMessages()).extracting(Message::getBody).noneMatch(b -> b != null && b.contains("secret"));
      }
    }
  }

  @Test
  void theArchiveKeepsTheNewestUpToItsLimit() throws Exception {
    try (var server = TestServer.start(data, Map.of("LIVEDROP_ROOM_ARCHIVE_MAX", "5"))) {
      createDrop(server, "small");
      awaitPublished();
      try (var viewer = LiveViewer.join(guestSession(server, "small", "ivy"))) {
        for (int i = 1; i <= 8; i++) {
          viewer.room.sendMessage("line " + i);
          awaitBody(viewer, "line " + i);
        }
        var mam = MamManager.getInstanceFor(viewer.room);
        assertThat(mam.isSupported()).isTrue();
        var all = mam.queryArchive(MamQueryArgs.builder().build());
        assertThat(all.getMessages()).extracting(Message::getBody).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8");
        assertThat(all.getPage().getMamFinIq().getRSMSet().getCount()).isEqualTo(5);
      }
      assertThat(archivedContaining("line ")).isEqualTo(5);
    }
  }

  private static List<String> events(List<Message> messages) throws Exception {
    var out = new ArrayList<String>();
    for (Message m : messages) {
      var e = LiveViewer.eventOf(m);
      if (e != null) out.add(e.type());
    }
    return out;
  }

  private static Message awaitBody(LiveViewer viewer, String body) throws Exception {
    while (true) {
      Message m = viewer.messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("the message '" + body + "'").isNotNull();
      if (body.equals(m.getBody())) return m;
    }
  }

  private static String createDrop(TestServer server, String name) {
    return bearer(server.api.createDrop("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}").path("adminToken").asText());
  }

  private static JsonNode guestSession(TestServer server, String drop, String nick) {
    var grant = server.api.postJson("/api/v1/drops/" + drop + "/access", "{\"password\":\"" + PASSWORD + "\",\"nickname\":\"" + nick + "\"}");
    assertThat(grant.status()).isEqualTo(200);
    var s = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", bearer(grant.json().path("token").asText()));
    assertThat(s.status()).isEqualTo(200);
    return s.json();
  }

  private void awaitPublished() throws Exception {
    Outbox.awaitPublished(data, null, Duration.ofSeconds(10));
  }

  private void awaitArchivedCount(String text, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (archivedContaining(text) != expected && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(archivedContaining(text)).isEqualTo(expected);
  }

  /** Rows of the archive table whose message contains {@code text} (a flush precedes every publication). */
  private long archivedContaining(String text) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("livedrop.db"));
        var st = c.prepareStatement("SELECT COUNT(*) FROM room_archive WHERE xml LIKE ?")) {
      st.setString(1, "%" + text + "%");
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
