package dev.livedrop.support.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of a drop's room that livedrop relies on in an external XMPP server, one test each;
 * a subclass says how the service account and a viewer log in to its server.
 */
abstract class DropRoomRules {
  static final String ROOM_PASSWORD = "room-pw";
  final List<AbstractXMPPConnection> open = new ArrayList<>();

  /** The service account (livedrop), logged in. */
  abstract AbstractXMPPConnection service() throws Exception;

  /** A new viewer's bare localpart, allowed to log in (a fresh JWT, or a registered account). */
  abstract String newViewer();

  /** That viewer, logged in (where the server has several nodes, not the service's). */
  abstract AbstractXMPPConnection viewer(String localpart) throws Exception;

  abstract String domain();

  abstract String mucDomain();

  @AfterEach
  void disconnect() {
    open.forEach(AbstractXMPPConnection::disconnect);
  }

  <C extends AbstractXMPPConnection> C track(C c) {
    open.add(c);
    return c;
  }

  EntityBareJid newRoom() throws Exception {
    return DropRoom.jid("drop-" + Unique.id(), mucDomain());
  }

  String bare(String localpart) {
    return localpart + "@" + domain();
  }

  @Test
  void onlyTheServiceCreatesRooms() throws Exception {
    EntityBareJid room = newRoom();
    var viewer = viewer(newViewer());
    // XEP-0045 §10.1.1 says not-allowed (Prosody); ejabberd 23.01 answers forbidden.
    assertThatThrownBy(() -> DropRoom.create(viewer, room, ROOM_PASSWORD))
        .isInstanceOfSatisfying(XMPPErrorException.class,
            e -> assertThat(e.getStanzaError().getCondition()).isIn(Condition.not_allowed, Condition.forbidden));
  }

  @Test
  void memberReceivesTheServicesMessages() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(service(), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));
    assertThat(DropRoom.members(owned)).containsExactly(bare(viewer));

    var occupant = DropRoom.join(viewer(viewer), room, "ann", ROOM_PASSWORD);
    owned.sendMessage("hello");
    assertThat(occupant.next(10)).isEqualTo("hello");
  }

  @Test
  void memberReadsWhatItMissedFromTheRoomArchive() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(service(), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));
    for (String body : List.of("one", "two", "three")) owned.sendMessage(body);

    var occupant = DropRoom.join(viewer(viewer), room, "ann", ROOM_PASSWORD);
    // XEP-0313 §4: the room's archive, queried at the room's JID by an occupant.
    var mam = MamManager.getInstanceFor(occupant.muc());
    assertThat(mam.isSupported()).as("the room advertises MAM").isTrue(); // also picks the MAM version
    var query = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(50).build());
    assertThat(query.getMessages()).extracting(Message::getBody).containsSubsequence("one", "two", "three");
  }

  @Test
  void nonMemberWithTheRightPasswordIsRefused() throws Exception {
    EntityBareJid room = newRoom();
    DropRoom.create(service(), room, ROOM_PASSWORD);
    // XEP-0045 §7.2.7: a non-member entering a members-only room gets registration-required.
    assertThat(DropRoom.joinRefusal(viewer(newViewer()), room, "eve", ROOM_PASSWORD))
        .isEqualTo(Condition.registration_required);
  }

  @Test
  void memberWithAWrongPasswordIsRefused() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(service(), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));
    // XEP-0045 §7.2.6: a wrong or missing password gets not-authorized.
    assertThat(DropRoom.joinRefusal(viewer(viewer), room, "ann", "wrong")).isEqualTo(Condition.not_authorized);
  }

  @Test
  void revokingMembershipRemovesTheOccupant() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(service(), room, ROOM_PASSWORD);
    String viewer = newViewer();
    var viewerJid = JidCreate.bareFrom(bare(viewer));
    owned.grantMembership(viewerJid);
    var occupant = DropRoom.join(viewer(viewer), room, "ann", ROOM_PASSWORD);
    var removed = new CountDownLatch(1);
    occupant.muc().addUserStatusListener(new UserStatusListener() {
      @Override
      public void removed(MUCUser mucUser, Presence presence) {
        // XEP-0045 §9.4: status 321, removed because of an affiliation change.
        if (mucUser.getStatus().contains(MUCUser.Status.REMOVED_AFFIL_CHANGE_321)) removed.countDown();
      }
    });

    owned.revokeMembership(viewerJid);

    assertThat(removed.await(10, TimeUnit.SECONDS)).as("321 removal").isTrue();
    assertThat(occupant.muc().isJoined()).isFalse();
  }
}
