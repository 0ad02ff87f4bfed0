package dev.livedrop.support.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drop-room rules against Debian's Prosody with internal accounts (viewers here are registered
 * accounts, not tokens: see decision 0019), plus BOSH and WebSocket logins and a restart.
 */
class ProsodyTest extends DropRoomRules {
  static final String DOMAIN = "drops.test";
  static final String SERVICE_PASSWORD = "service-secret";
  static final String VIEWER_PASSWORD = "viewer-secret";
  static Prosody prosody;

  @BeforeAll
  static void startProsody() {
    prosody = Prosody.start(DOMAIN);
    prosody.registerUser(Prosody.SERVICE_USER, SERVICE_PASSWORD);
  }

  @AfterAll
  static void stopProsody() {
    if (prosody != null) prosody.close();
  }

  @Override
  AbstractXMPPConnection service() throws Exception {
    return login(Prosody.SERVICE_USER, SERVICE_PASSWORD);
  }

  @Override
  String newViewer() {
    String viewer = "v-" + Unique.id();
    prosody.registerUser(viewer, VIEWER_PASSWORD);
    return viewer;
  }

  @Override
  AbstractXMPPConnection viewer(String localpart) throws Exception {
    return login(localpart, VIEWER_PASSWORD);
  }

  @Override
  String domain() {
    return DOMAIN;
  }

  @Override
  String mucDomain() {
    return prosody.mucDomain();
  }

  @Test
  void registeredUserLogsInOverBoshAndWebSocket() throws Exception {
    String viewer = newViewer();
    var bosh = track(XmppClients.bosh(prosody.boshUrl(), DOMAIN, viewer, VIEWER_PASSWORD));
    var ws = track(XmppClients.websocket(prosody.websocketUrl(), DOMAIN, viewer, VIEWER_PASSWORD));
    assertThat(bosh.isAuthenticated()).isTrue();
    assertThat(ws.isAuthenticated()).isTrue();
  }

  @Test
  void roomOutlivesARestart() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(service(), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));

    prosody.restart();

    var service = DropRoom.join(service(), room, "livedrop", ROOM_PASSWORD);
    var member = DropRoom.join(viewer(viewer), room, "ann", ROOM_PASSWORD);
    service.muc().sendMessage("after");
    assertThat(member.next(10)).isEqualTo("after");
    assertThat(DropRoom.members(service.muc())).containsExactly(bare(viewer));
    assertThat(DropRoom.joinRefusal(viewer(newViewer()), room, "eve", ROOM_PASSWORD))
        .as("still members-only").isEqualTo(Condition.registration_required);
  }

  private AbstractXMPPConnection login(String user, String password) throws Exception {
    return track(XmppClients.tcp(DOMAIN, prosody.c2sPort(), user, password));
  }
}
