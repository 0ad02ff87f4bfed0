package dev.livedrop.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Big rooms must not drown in presence: above the server's threshold of occupants, joins are no
 * longer broadcast to participants (ejabberd's max_users_presence), and the room config decides
 * whose presence is broadcast at all (muc#roomconfig_presencebroadcast).
 */
class PresenceThresholdTest {
  @TempDir static Path data;
  static TestXmpp xmpp;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data)
        .withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED).withMaxUsersPresence(3));
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static int countRoomPresences(AbstractXMPPConnection c, String roomJid, AtomicInteger counter) {
    c.addAsyncStanzaListener(s -> counter.incrementAndGet(),
        s -> s instanceof Presence p && p.getFrom() != null && p.getFrom().asBareJid().toString().equals(roomJid));
    return 0;
  }

  @Test
  void aboveTheThresholdJoinsAreNotBroadcastToParticipants() throws Exception {
    xmpp.server.muc().createRoom("crowd", new RoomConfig(), List.of());
    String room = "crowd@rooms." + TestXmpp.DOMAIN;
    var first = xmpp.websocket(null, null);
    var seenByFirst = new AtomicInteger();
    countRoomPresences(first, room, seenByFirst);
    MultiUserChatManager.getInstanceFor(first).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from("v0"));
    var others = new ArrayList<AbstractXMPPConnection>();
    for (int i = 1; i <= 6; i++) {
      var c = xmpp.websocket(null, null);
      others.add(c);
      MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from("v" + i));
    }
    Thread.sleep(500);
    // Own presence (1) + joins of v1 and v2 while the room had at most 3 occupants; v3..v6 not.
    assertThat(seenByFirst.get()).isEqualTo(3);
    var last = others.get(others.size() - 1);
    assertThat(xmpp.server.muc().room("crowd").orElseThrow().occupantCount()).isEqualTo(7);
    first.disconnect();
    others.forEach(AbstractXMPPConnection::disconnect);
  }

  @Test
  void presenceBroadcastConfigLimitsWhoseComingsAreSeen() throws Exception {
    var config = new RoomConfig();
    config.presenceBroadcast = java.util.EnumSet.of(Role.MODERATOR);
    xmpp.server.muc().createRoom("quiet", config, List.of());
    String room = "quiet@rooms." + TestXmpp.DOMAIN;
    var first = xmpp.websocket(null, null);
    var seen = new AtomicInteger();
    countRoomPresences(first, room, seen);
    MultiUserChatManager.getInstanceFor(first).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from("a"));
    var second = xmpp.websocket(null, null);
    MultiUserChatManager.getInstanceFor(second).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from("b"));
    Thread.sleep(300);
    assertThat(seen.get()).isEqualTo(1); // only its own; participant b's join is not broadcast
    first.disconnect();
    second.disconnect();
  }
}
