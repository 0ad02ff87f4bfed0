package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.Outbox;
import dev.livedrop.support.Postgres;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link RoomArchiveTest} that read the archive back, with room_archive in PostgreSQL. */
class RoomArchiveOnPostgresTest {
  private static final String PASSWORD = "pass1234";
  @TempDir Path data;

  @Test
  void eventsAndChatLinesSurviveARestartAsJoinHistoryAndInTheArchive() throws Exception {
    String url = Postgres.shared().newDatabase();
    String chatId;
    try (var first = TestServer.startOn(url, data, Map.of())) {
      first.api.createDrop("{\"name\":\"keep\",\"password\":\"" + PASSWORD + "\"}");
      Outbox.awaitPublished(url, null, Duration.ofSeconds(10));
      try (var viewer = LiveViewer.join(guestSession(first, "keep", "ivy"))) {
        viewer.room.sendMessage("hello before the restart");
        chatId = StanzaIdElement.getStanzaId(awaitBody(viewer, "hello before the restart")).getId();
      }
    }
    try (var second = TestServer.startOn(url, data, Map.of())) {
      try (var viewer = LiveViewer.join(guestSession(second, "keep", "joe"))) {
        var history = new ArrayList<Message>();
        while (history.stream().noneMatch(m -> "hello before the restart".equals(m.getBody()))) {
          Message m = viewer.messages.poll(10, TimeUnit.SECONDS);
          assertThat(m).as("the chat line in the join history").isNotNull();
          history.add(m);
        }
        var mam = MamManager.getInstanceFor(viewer.room);
        assertThat(mam.isSupported()).isTrue();
        var all = mam.queryArchive(MamQueryArgs.builder().build());
        assertThat(all.getMessages()).extracting(Message::getBody).last().isEqualTo("hello before the restart");
        assertThat(all.getMamResultExtensions()).extracting(r -> r.getId()).contains(chatId);
        var since = mam.queryArchive(MamQueryArgs.builder().afterUid(chatId).build());
        assertThat(since.getMessages()).isEmpty();
        assertThat(since.isComplete()).isTrue();
      }
    }
  }

  @Test
  void theArchiveKeepsTheNewestUpToItsLimit() throws Exception {
    String url = Postgres.shared().newDatabase();
    try (var server = TestServer.startOn(url, data, Map.of("LIVEDROP_ROOM_ARCHIVE_MAX", "5"))) {
      server.api.createDrop("{\"name\":\"small\",\"password\":\"" + PASSWORD + "\"}");
      Outbox.awaitPublished(url, null, Duration.ofSeconds(10));
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
    }
  }

  private static Message awaitBody(LiveViewer viewer, String body) throws Exception {
    while (true) {
      Message m = viewer.messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("the message '" + body + "'").isNotNull();
      if (body.equals(m.getBody())) return m;
    }
  }

  private static JsonNode guestSession(TestServer server, String drop, String nick) {
    var grant = server.api.postJson("/api/v1/drops/" + drop + "/access", "{\"password\":\"" + PASSWORD + "\",\"nickname\":\"" + nick + "\"}");
    assertThat(grant.status()).isEqualTo(200);
    var s = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", bearer(grant.json().path("token").asText()));
    assertThat(s.status()).isEqualTo(200);
    return s.json();
  }
}
