package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.Api;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop deleted and created again under the same name is another drop: nothing issued for the
 * first (guest and admin tokens, the cookie, XMPP tickets, the room password) opens the second,
 * although the second's access version starts at 1 again as the first's did.
 */
class CredentialsDieWithTheirDropTest {
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

  record Credentials(String admin, String guest, JsonNode session) {}

  static Credentials create(String name, String password) {
    var created = server.api.createDrop("{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
    String admin = bearer(created.path("adminToken").asText());
    var access = server.api.postJson("/api/v1/drops/" + name + "/access",
        "{\"password\":\"" + password + "\",\"nickname\":\"maria\"}");
    assertThat(access.status()).as(access.toString()).isEqualTo(200);
    String guest = access.json().path("token").asText();
    var session = server.api.postJson("/api/v1/drops/" + name + "/session", "", "Authorization", bearer(guest));
    assertThat(session.status()).as(session.toString()).isEqualTo(200);
    return new Credentials(admin, guest, session.json());
  }

  @Test
  void afterDeleteAndRecreateEveryOldCredentialIsRefused() throws Exception {
    Credentials old = create("xyz", "first secret");
    assertThat(server.api.delete("/api/v1/drops/xyz", "Authorization", old.admin()).status()).isEqualTo(204);
    Credentials fresh = create("xyz", "second secret");
    assertThat(fresh.session().path("roomPassword").asText())
        .as("the same name and access version give another room password").isNotEqualTo(old.session().path("roomPassword").asText());

    // REST, as a bearer token and as the web UI's cookie.
    Api.Res read = server.api.get("/api/v1/drops/xyz", "Authorization", bearer(old.guest()));
    assertThat(read.status()).isEqualTo(401);
    assertThat(read.json().path("token").asText()).isEqualTo("revoked");
    assertThat(server.api.get("/api/v1/drops/xyz", "Cookie", "ld_xyz=" + old.guest()).status()).isEqualTo(401);
    assertThat(server.api.get("/api/v1/drops/xyz/assets", "Authorization", bearer(old.guest())).status()).isEqualTo(401);
    // The old admin token neither changes the new drop's password nor deletes it.
    assertThat(server.api.patchJson("/api/v1/drops/xyz", "{\"password\":\"hijacked\"}", "Authorization", old.admin()).status())
        .isEqualTo(401);
    assertThat(server.api.delete("/api/v1/drops/xyz", "Authorization", old.admin()).status()).isEqualTo(401);
    assertThat(server.api.postJson("/api/v1/drops/xyz/access", "{\"password\":\"hijacked\"}").status()).isEqualTo(401);
    // No new XMPP login from an old token.
    assertThat(server.api.postJson("/api/v1/drops/xyz/session", "", "Authorization", bearer(old.guest())).status())
        .isEqualTo(401);
    assertThat(server.api.postJson("/api/v1/drops/xyz/session", "", "Authorization", old.admin()).status()).isEqualTo(401);

    // The old ticket no longer logs in to XMPP.
    assertThatThrownBy(() -> LiveViewer.connect(old.session(), old.session().path("password").asText()))
        .isInstanceOf(SASLErrorException.class);
    // Nor does the old room password open the new room to anyone, even with a valid login.
    assertThatThrownBy(() -> LiveViewer.join(fresh.session(), old.session().path("roomPassword").asText()))
        .isInstanceOf(XMPPErrorException.class);

    // The new drop's own credentials work, and the new drop is untouched.
    assertThat(server.api.get("/api/v1/drops/xyz", "Authorization", fresh.admin()).status()).isEqualTo(200);
    try (var viewer = LiveViewer.join(fresh.session())) {
      assertThat(viewer.room.isJoined()).isTrue();
    }
  }

  @Test
  void aViewerOfTheDeletedDropCannotEnterTheNewDropsRoom() throws Exception {
    Credentials old = create("again", "first secret");
    // Logged in before the drop goes; the XMPP session itself outlives the drop's room.
    var stillConnected = LiveViewer.connect(old.session(), old.session().path("password").asText());
    try {
      assertThat(server.api.delete("/api/v1/drops/again", "Authorization", old.admin()).status()).isEqualTo(204);
      Credentials fresh = create("again", "second secret");
      var room = org.jivesoftware.smackx.muc.MultiUserChatManager.getInstanceFor(stillConnected)
          .getMultiUserChat(org.jxmpp.jid.impl.JidCreate.entityBareFrom(fresh.session().path("room").asText()));
      // Even with the new room's password, a ticket of the old drop is not a ticket of this one.
      assertThatThrownBy(() -> room.join(room.getEnterConfigurationBuilder(
              org.jxmpp.jid.parts.Resourcepart.from("maria")).withPassword(fresh.session().path("roomPassword").asText())
          .build()))
          .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
              .isEqualTo(StanzaError.Condition.registration_required));
    } finally {
      stillConnected.disconnect();
    }
  }

  @Test
  void theNewDropsRoomHasNoneOfTheOldDropsHistory() throws Exception {
    Credentials old = create("history", "first secret");
    try (var viewer = LiveViewer.join(old.session())) {
      viewer.room.sendMessage("said in the first drop");
      assertThat(viewer.bodiesWithin(Duration.ofSeconds(2))).contains("said in the first drop");
    }
    assertThat(server.api.delete("/api/v1/drops/history", "Authorization", old.admin()).status()).isEqualTo(204);
    Credentials fresh = create("history", "second secret");
    try (var viewer = LiveViewer.join(fresh.session())) {
      assertThat(viewer.bodiesWithin(Duration.ofSeconds(2)))
          .as("the room's history starts with the new drop").isNotEmpty()
          .doesNotContain("said in the first drop");
    }
  }
}
