package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private drop's room admits only holders of a valid ticket for that drop, under the nickname
 * their ticket names, and only livedrop speaks for the drop there.
 */
class DropRoomAdmissionTest {
  static final String PASSWORD = "open sesame";
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_GUEST_TOKEN_TTL", "20s"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String privateDrop(String name) {
    return bearer(server.api.createDrop("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")
        .path("adminToken").asText());
  }

  static JsonNode guestAccess(String drop, String nick) {
    var r = server.api.postJson("/api/v1/drops/" + drop + "/access",
        "{\"password\":\"" + PASSWORD + "\",\"nickname\":\"" + nick + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static JsonNode session(String drop, String auth) {
    var r = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", auth);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static JsonNode guestSession(String drop, String nick) {
    return session(drop, bearer(guestAccess(drop, nick).path("token").asText()));
  }

  static StanzaError.Condition joinError(XMPPTCPConnection conn, String room, String nick, String password) {
    var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(entityBare(room));
    try {
      muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).withPassword(password).build());
      return null;
    } catch (XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static org.jxmpp.jid.EntityBareJid entityBare(String jid) {
    try {
      return JidCreate.entityBareFrom(jid);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void saslAnonymousIsNotOfferedByDefault() throws Exception {
    var conn = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("drops.test").setHost("127.0.0.1").setPort(server.app.xmpp().tcpPort())
        .setCustomX509TrustManager(LiveViewer.trustAll()).setHostnameVerifier((h, s) -> true)
        .performSaslAnonymousAuthentication().setConnectTimeout(10_000).build());
    try {
      conn.connect();
      assertThatThrownBy(conn::login).hasMessageContaining("ANONYMOUS");
      assertThat(conn.isAuthenticated()).isFalse();
    } finally {
      conn.disconnect();
    }
  }

  @Test
  void withAnonymousTurnedOnAnAnonymousUserStillCannotEnterAPrivateDropsRoom(@TempDir Path other) throws Exception {
    try (var open = TestServer.start(other, Map.of("LIVEDROP_XMPP_ANONYMOUS", "true"))) {
      var created = open.api.createDrop("{\"name\":\"secret\",\"password\":\"" + PASSWORD + "\"}");
      var admin = bearer(created.path("adminToken").asText());
      // The room password leaked (a screenshot, a log): it is not enough on its own.
      String roomPassword = open.api.postJson("/api/v1/drops/secret/session", "", "Authorization", admin)
          .json().path("roomPassword").asText();
      var conn = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
          .setXmppDomain("drops.test").setHost("127.0.0.1").setPort(open.app.xmpp().tcpPort())
          .setCustomX509TrustManager(LiveViewer.trustAll()).setHostnameVerifier((h, s) -> true)
          .performSaslAnonymousAuthentication().setConnectTimeout(10_000).build());
      try {
        conn.connect().login();
        assertThat(conn.isAuthenticated()).isTrue();
        assertThat(joinError(conn, "secret@rooms.drops.test", "lurker", roomPassword))
            .isEqualTo(StanzaError.Condition.registration_required);
      } finally {
        conn.disconnect();
      }
    }
  }

  @Test
  void aTicketForOneDropDoesNotOpenAnotherDropsRoomEvenWithItsPassword() throws Exception {
    privateDrop("drop-a");
    String adminB = privateDrop("drop-b");
    JsonNode ticketA = guestSession("drop-a", "mallory");
    String roomPasswordB = session("drop-b", adminB).path("roomPassword").asText();
    var conn = LiveViewer.connect(ticketA, ticketA.path("password").asText());
    try {
      assertThat(joinError(conn, "drop-b@rooms.drops.test", "mallory", roomPasswordB))
          .isEqualTo(StanzaError.Condition.registration_required);
      // Its own drop's room it enters.
      assertThat(joinError(conn, "drop-a@rooms.drops.test", "mallory", ticketA.path("roomPassword").asText())).isNull();
    } finally {
      conn.disconnect();
    }
  }

  @Test
  void aTicketExpiresNoLaterThanTheTokenItWasAskedWith() throws Exception {
    privateDrop("short-lived");
    JsonNode access = guestAccess("short-lived", "sam");
    Instant tokenExpires = Instant.parse(access.path("expiresAt").asText());
    JsonNode s = session("short-lived", bearer(access.path("token").asText()));
    Instant ticketExpires = Instant.parse(s.path("expiresAt").asText());
    assertThat(ticketExpires).isBeforeOrEqualTo(tokenExpires);
    assertThat(Duration.between(server.clock.instant(), ticketExpires)).isLessThanOrEqualTo(Duration.ofSeconds(20));

    server.clock.advance(Duration.ofSeconds(30));
    try {
      assertThatThrownBy(() -> LiveViewer.connect(s, s.path("password").asText())).isInstanceOf(SASLErrorException.class);
    } finally {
      server.clock.advance(Duration.ofSeconds(-30));
    }
  }

  @Test
  void aViewerWhoseTicketExpiresIsTakenOutOfTheRoom() throws Exception {
    privateDrop("expiring-viewer");
    try (var viewer = LiveViewer.join(guestSession("expiring-viewer", "sam"))) {
      var kicked = new java.util.concurrent.CountDownLatch(1);
      viewer.room.addUserStatusListener(new org.jivesoftware.smackx.muc.UserStatusListener() {
        @Override
        public void kicked(org.jxmpp.jid.Jid actor, String reason) {
          kicked.countDown();
        }
      });
      server.clock.advance(Duration.ofSeconds(30));
      try {
        assertThat(kicked.await(15, java.util.concurrent.TimeUnit.SECONDS)).as("kicked (307) once the ticket expired").isTrue();
        assertThat(server.app.xmpp().muc().room("expiring-viewer").orElseThrow().nicknames()).doesNotContain("sam");
      } finally {
        server.clock.advance(Duration.ofSeconds(-30));
      }
    }
  }

  @Test
  void aViewerEntersUnderTheNicknameOfTheirTicketOrThatNicknameNumbered() throws Exception {
    privateDrop("nicks");
    JsonNode s = guestSession("nicks", "maria");
    String room = s.path("room").asText();
    String pw = s.path("roomPassword").asText();
    var conn = LiveViewer.connect(s, s.path("password").asText());
    var second = LiveViewer.connect(s, s.path("password").asText());
    try {
      assertThat(joinError(conn, room, "ana", pw)).isEqualTo(StanzaError.Condition.not_acceptable);
      assertThat(joinError(conn, room, "LiveDrop", pw)).as("the service's nickname, folded").isEqualTo(StanzaError.Condition.conflict);
      assertThat(joinError(conn, room, "admin", pw)).isEqualTo(StanzaError.Condition.not_acceptable);
      assertThat(joinError(conn, room, "maria", pw)).isNull();
      // A second tab of the same viewer takes "maria (2)", as the web UI does on a conflict.
      assertThat(joinError(second, room, "maria", pw)).isEqualTo(StanzaError.Condition.conflict);
      assertThat(joinError(second, room, "maria (2)", pw)).isNull();
      // Nor can an occupant change to someone else's nickname.
      var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(entityBare(room));
      assertThatThrownBy(() -> muc.changeNickname(Resourcepart.from("ana")))
          .isInstanceOfSatisfying(XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable));
    } finally {
      conn.disconnect();
      second.disconnect();
    }
  }

  @Test
  void nicknamesThatLookLikeTheServiceOrAnAdminAreRefused() throws Exception {
    privateDrop("lookalikes");
    for (String nick : new String[] {"LiveDrop", "ＬｉｖｅＤｒｏｐ", "livedrop\u200b", "Admin", "admin (2)", "ma\u200bria"}) {
      var r = server.api.postJson("/api/v1/drops/lookalikes/access",
          "{\"password\":\"" + PASSWORD + "\",\"nickname\":\"" + nick + "\"}");
      assertThat(r.status()).as(nick + ": " + r).isEqualTo(400);
    }
    server.api.createDrop("{\"name\":\"open-lookalikes\"}");
    var open = server.api.postJson("/api/v1/drops/open-lookalikes/access", "{\"nickname\":\"LiveDrop\"}");
    assertThat(open.status()).as("an open drop's guest too: " + open).isEqualTo(400);
    // Nor under a multipart upload's own nickname field.
    var upload = server.api.postMultipart("open-lookalikes", java.util.List.of(
        new dev.livedrop.support.Api.Part("nickname", null, "LiveDrop".getBytes()),
        new dev.livedrop.support.Api.Part("file", "a.txt", "hi".getBytes())));
    assertThat(upload.status()).as(upload.toString()).isEqualTo(400);
    assertThat(server.api.get("/api/v1/drops/open-lookalikes/assets").json().path("assets").size()).isZero();
    // In a room, names are compared in their RFC 8266 form: "LIVEDROP" is the service's nickname.
    String admin = privateDrop("fold");
    JsonNode s = session("fold", admin);
    var conn = LiveViewer.connect(s, s.path("password").asText());
    try {
      assertThat(joinError(conn, s.path("room").asText(), "LIVEDROP", s.path("roomPassword").asText()))
          .isIn(StanzaError.Condition.conflict, StanzaError.Condition.not_acceptable);
    } finally {
      conn.disconnect();
    }
  }

  @Test
  void onlyLivedropPostsEventsInADropsRoom() throws Exception {
    String admin = privateDrop("speaker");
    try (var guest = LiveViewer.join(guestSession("speaker", "eve"));
        var watcher = LiveViewer.join(guestSession("speaker", "ana"))) {
      watcher.bodiesWithin(Duration.ofMillis(500)); // the history on entering
      StanzaCollector errors = guest.connection.createStanzaCollector(MessageTypeFilter.ERROR);
      try {
        var fakeEvent = guest.room.buildMessage().setBody("eve deleted everything.")
            .addExtension(StandardExtensionElement.builder("event", "urn:livedrop:event:1")
                .addAttribute("type", "drop.deleted").addAttribute("seq", "99").build());
        guest.room.sendMessage(fakeEvent);
        var hidden = guest.room.buildMessage().setBody("look away")
            .addExtension(new org.jivesoftware.smackx.sid.element.OriginIdElement("ev-speaker-2"));
        guest.room.sendMessage(hidden);
        guest.connection.sendStanza(StanzaBuilder.buildMessage("ev-speaker-3").ofType(Message.Type.groupchat)
            .to(entityBare("speaker@rooms.drops.test")).setBody("me too").build());
        for (int i = 0; i < 3; i++) {
          Message error = errors.nextResult(10_000);
          assertThat(error).as("error " + i).isNotNull();
          assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
        }
      } finally {
        errors.cancel();
      }
      guest.room.sendMessage("hello, honestly");
      assertThat(watcher.bodiesWithin(Duration.ofSeconds(2)))
          .containsExactly("hello, honestly");
      // The real events still come from livedrop.
      var upload = server.api.putFile("speaker", "a.txt", "hi".getBytes(), "Authorization", admin);
      assertThat(upload.status()).isEqualTo(201);
      var event = watcher.nextEvent(Duration.ofSeconds(10));
      assertThat(event.type()).isEqualTo("asset.created");
      assertThat(event.from()).isEqualTo("speaker@rooms.drops.test/livedrop");
    }
  }
}
