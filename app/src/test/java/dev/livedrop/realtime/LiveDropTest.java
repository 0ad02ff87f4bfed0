package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.Outbox;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop followed live over plain XMPP (Smack over TCP, as any client in any language would):
 * its room, who may enter it, and one event per change, in order.
 */
class LiveDropTest {
  static final Duration WAIT = Duration.ofSeconds(10);
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

  /** A private drop; returns the admin's bearer header value. */
  static String privateDrop(String name) {
    return bearer(server.api.createDrop("{\"name\":\"" + name + "\",\"title\":\"Trip photos\",\"password\":\"open sesame\"}")
        .path("adminToken").asText());
  }

  static String guestToken(String drop, String nick) {
    var r = server.api.postJson("/api/v1/drops/" + drop + "/access", "{\"password\":\"open sesame\",\"nickname\":\"" + nick + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return bearer(r.json().path("token").asText());
  }

  static JsonNode session(String drop, String auth) {
    var r = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", auth);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    return r.json();
  }

  @Test
  void aGuestFollowsTheDropOverTcpAndSeesAFileUploadedOverRest() throws Exception {
    String admin = privateDrop("follow-me");
    JsonNode s = session("follow-me", guestToken("follow-me", "maria"));
    assertThat(s.path("room").asText()).isEqualTo("follow-me@rooms.drops.test");
    assertThat(s.path("jid").asText()).startsWith("v-").endsWith("@drops.test");
    assertThat(s.path("websocket").asText()).endsWith("/xmpp-websocket");
    assertThat(s.path("bosh").asText()).endsWith("/http-bind");
    assertThat(s.path("nick").asText()).isEqualTo("maria");
    assertThat(s.path("role").asText()).isEqualTo("guest");

    try (var viewer = LiveViewer.join(s)) {
      var upload = server.api.putFile("follow-me", "report.pdf", new byte[1_200_000], "Authorization", admin, "X-Nickname", "ana");
      assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
      String id = upload.json().path("assets").get(0).path("id").asText();

      var e = viewer.nextEvent(WAIT);
      assertThat(e.type()).isEqualTo("asset.created");
      assertThat(e.body()).isEqualTo("ana added report.pdf (1.2 MB)");
      assertThat(e.object().path("id").asText()).isEqualTo(id);
      assertThat(e.object().path("file").path("size").asLong()).isEqualTo(1_200_000);
      assertThat(e.from()).isEqualTo("follow-me@rooms.drops.test/livedrop");
      assertThat(e.originId()).isEqualTo("ev-follow-me-" + e.seq());
      assertThat(e.at()).isNotBlank();
      // The REST state names the same sequence number: a client knows where it stands.
      assertThat(server.api.get("/api/v1/drops/follow-me", "Authorization", admin).json().path("seq").asLong())
          .isGreaterThanOrEqualTo(e.seq());
    }
  }

  @Test
  void everyChangeIsOneEventInOrderWithConsecutiveSequenceNumbers() throws Exception {
    String admin = privateDrop("in-order");
    try (var viewer = LiveViewer.join(session("in-order", admin))) {
      long base = server.api.get("/api/v1/drops/in-order", "Authorization", admin).json().path("seq").asLong();
      String note = server.api.postJson("/api/v1/drops/in-order/assets", "{\"kind\":\"note\",\"title\":\"Plan\",\"text\":\"hi\"}",
          "Authorization", admin).json().path("id").asText();
      server.api.postJson("/api/v1/drops/in-order/assets/" + note + "/comments", "{\"text\":\"looks good\"}",
          "Authorization", admin, "X-Nickname", "joe");
      server.api.patchJson("/api/v1/drops/in-order/assets/" + note, "{\"name\":\"Plan B\"}", "Authorization", admin);
      server.api.patchJson("/api/v1/drops/in-order", "{\"title\":\"Renamed\"}", "Authorization", admin);
      server.api.delete("/api/v1/drops/in-order/assets/" + note, "Authorization", admin);

      var events = List.of(viewer.nextEvent(WAIT), viewer.nextEvent(WAIT), viewer.nextEvent(WAIT), viewer.nextEvent(WAIT),
          viewer.nextEvent(WAIT));
      // History on join may carry earlier events (drop.created); the five after `base` follow it.
      assertThat(events).extracting(LiveViewer.Event::type)
          .containsExactly("asset.created", "comment.created", "asset.updated", "drop.updated", "asset.deleted");
      assertThat(events).extracting(LiveViewer.Event::seq).containsExactly(base + 1, base + 2, base + 3, base + 4, base + 5);
      assertThat(events.get(1).body()).isEqualTo("joe commented: looks good");
      assertThat(events.get(3).object().path("title").asText()).isEqualTo("Renamed");
      assertThat(events.get(4).object().path("id").asText()).isEqualTo(note);
      assertThat(viewer.eventsWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void aLateJoinerGetsTheRecentEventsAsRoomHistoryOnce() throws Exception {
    String admin = privateDrop("late");
    server.api.postJson("/api/v1/drops/late/assets", "{\"kind\":\"link\",\"url\":\"https://example.org/\"}", "Authorization", admin);
    Outbox.awaitPublished(data, "late", WAIT);
    try (var viewer = LiveViewer.join(session("late", guestToken("late", "kim")))) {
      var events = viewer.eventsWithin(Duration.ofSeconds(1));
      assertThat(events).extracting(LiveViewer.Event::type).containsExactly("drop.created", "asset.created");
      assertThat(events).extracting(LiveViewer.Event::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void theRoomAdmitsOnlyThoseWhoMaySeeTheDrop() throws Exception {
    privateDrop("members");
    var noToken = server.api.postJson("/api/v1/drops/members/session", "");
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.problem()).endsWith("unauthenticated");

    JsonNode s = session("members", guestToken("members", "eve"));
    // Without the room password, or with a forged ticket, there is no way in.
    assertThatThrownBy(() -> LiveViewer.join(s, "guess"))
        .isInstanceOfSatisfying(XMPPErrorException.class,
            e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_authorized));
    String forged = s.path("password").asText();
    forged = forged.substring(0, forged.length() - 2) + (forged.endsWith("AA") ? "BB" : "AA");
    String bad = forged;
    assertThatThrownBy(() -> LiveViewer.connect(s, bad)).isInstanceOf(SASLErrorException.class);
    // A ticket is for its own localpart only.
    var other = session("members", guestToken("members", "eve"));
    assertThatThrownBy(() -> LiveViewer.connect(s, other.path("password").asText())).isInstanceOf(SASLErrorException.class);
    // A ticket is not an access token for the REST API.
    assertThat(server.api.get("/api/v1/drops/members", "Authorization", bearer(s.path("password").asText())).status())
        .isEqualTo(401);
  }

  @Test
  void adminsModerateGuestsParticipateAndTheServiceIsAnOccupant() throws Exception {
    String admin = privateDrop("roles");
    try (var a = LiveViewer.join(session("roles", admin));
        var g = LiveViewer.join(session("roles", guestToken("roles", "guest-gil")))) {
      // The guest's join is complete for the guest before the admin's client has read the
      // presence announcing it: wait for that presence, then check the whole list.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (a.room.getOccupant(org.jxmpp.jid.impl.JidCreate.entityFullFrom("roles@rooms.drops.test/guest-gil")) == null
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(a.room.getOccupants()).extracting(j -> j.getResourceOrThrow().toString())
          .contains("livedrop", "admin", "guest-gil");
      // Smack fills the guest's own occupant list from presences in a listener of its own, which
      // may run just after join() has returned: wait for both entries there too.
      var adminJid = org.jxmpp.jid.impl.JidCreate.entityFullFrom("roles@rooms.drops.test/admin");
      var guestJid = org.jxmpp.jid.impl.JidCreate.entityFullFrom("roles@rooms.drops.test/guest-gil");
      while ((g.room.getOccupant(adminJid) == null || g.room.getOccupant(guestJid) == null) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      var adminOcc = g.room.getOccupant(adminJid);
      var guestOcc = g.room.getOccupant(guestJid);
      assertThat(adminOcc).isNotNull();
      assertThat(guestOcc).isNotNull();
      assertThat(adminOcc.getRole()).isEqualTo(MUCRole.moderator);
      assertThat(adminOcc.getAffiliation()).isEqualTo(MUCAffiliation.admin);
      assertThat(guestOcc.getRole()).isEqualTo(MUCRole.participant);
    }
  }

  @Test
  void changingThePasswordKicksGuestsAndChangesTheRoomPassword() throws Exception {
    String admin = privateDrop("rotate");
    JsonNode guestSession = session("rotate", guestToken("rotate", "old-guest"));
    try (var a = LiveViewer.join(session("rotate", admin)); var g = LiveViewer.join(guestSession)) {
      var patch = server.api.patchJson("/api/v1/drops/rotate", "{\"password\":\"new secret\"}", "Authorization", admin);
      assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
      Presence kicked = awaitPresence(a, "old-guest", 307);
      assertThat(kicked.getType()).isEqualTo(Presence.Type.unavailable);
      assertThat(a.room.isJoined()).isTrue();
      assertThat(a.nextEvent(WAIT).type()).isEqualTo("drop.updated");
    }
    // The old room password and the old ticket open nothing any more.
    assertThatThrownBy(() -> LiveViewer.join(guestSession)).isInstanceOf(Exception.class);
    var fresh = server.api.postJson("/api/v1/drops/rotate/access", "{\"password\":\"new secret\",\"nickname\":\"back\"}");
    try (var back = LiveViewer.join(session("rotate", bearer(fresh.json().path("token").asText())))) {
      assertThat(back.room.isJoined()).isTrue();
    }
  }

  @Test
  void deletingTheDropTellsTheRoomThenDestroysIt() throws Exception {
    String admin = privateDrop("short-lived");
    try (var g = LiveViewer.join(session("short-lived", guestToken("short-lived", "sam")))) {
      var destroyed = destroyPresences(g);
      assertThat(server.api.delete("/api/v1/drops/short-lived", "Authorization", admin).status()).isEqualTo(204);
      var e = g.nextEvent(WAIT);
      assertThat(e.type()).isEqualTo("drop.deleted");
      assertThat(e.body()).isEqualTo("The drop was deleted.");
      Presence gone = destroyed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(gone).as("the room's destruction notice").isNotNull();
      assertThat(MUCUser.from(gone).getDestroy()).isNotNull();
      assertThat(server.app.realtime().rooms().occupants("short-lived")).isEmpty();
    }
  }

  @Test
  void viewersAreWarnedBeforeTheDropExpires() throws Exception {
    String admin = bearer(server.api.createDrop("{\"name\":\"hourly\",\"expiry\":\"1h\"}").path("adminToken").asText());
    try (var v = LiveViewer.join(session("hourly", admin))) {
      server.app.sweeper().runOnce();
      assertThat(v.eventsWithin(Duration.ofMillis(500))).extracting(LiveViewer.Event::type).doesNotContain("drop.expiring");
      server.clock.advance(Duration.ofMinutes(55));
      server.app.sweeper().runOnce();
      var e = v.nextEvent(WAIT);
      assertThat(e.type()).isEqualTo("drop.expiring");
      assertThat(e.body()).startsWith("The drop expires in 5 minutes");
      server.app.sweeper().runOnce();
      assertThat(v.eventsWithin(Duration.ofMillis(500))).isEmpty(); // once, not at every sweep
    } finally {
      server.clock.advance(Duration.ofMinutes(-55));
    }
  }

  static Presence awaitPresence(LiveViewer v, String nick, int code) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Presence p = v.presences.poll(100, TimeUnit.MILLISECONDS);
      if (p == null) continue;
      var x = MUCUser.from(p);
      if (p.getFrom().getResourceOrEmpty().toString().equals(nick) && x != null
          && x.getStatus().stream().anyMatch(s -> s.getCode() == code)) {
        return p;
      }
    }
    throw new AssertionError("no presence for " + nick + " with status " + code);
  }

  /** Collects the §10.9 unavailable presences that carry a destroy element. */
  static java.util.concurrent.BlockingQueue<Presence> destroyPresences(LiveViewer v) {
    var got = new java.util.concurrent.LinkedBlockingQueue<Presence>();
    v.connection.addAsyncStanzaListener(s -> got.add((Presence) s),
        s -> s instanceof Presence p && p.getType() == Presence.Type.unavailable && MUCUser.from(p) != null
            && MUCUser.from(p).getDestroy() != null);
    return got;
  }
}
