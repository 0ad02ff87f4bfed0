package dev.livedrop.support.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What livedrop's scale-out mode relies on in Debian's ejabberd, proved on a real two-node
 * cluster: viewers log in with a JWT livedrop signs, on any node; the service account keeps
 * private rooms whose membership it grants and revokes, cluster-wide; rooms outlive a node restart.
 */
class EjabberdClusterTest {
  static final String DOMAIN = "drops.test";
  static final String SERVICE_PASSWORD = "service-secret";
  static final byte[] KEY = randomKey();
  static EjabberdCluster cluster;
  final List<AbstractXMPPConnection> open = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = EjabberdCluster.start(DOMAIN, KEY);
    cluster.registerUser(EjabberdSetup.SERVICE_USER, SERVICE_PASSWORD);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @AfterEach
  void disconnect() {
    open.forEach(AbstractXMPPConnection::disconnect);
  }

  @Test
  void bothNodesAreMembersOfOneCluster() {
    assertThat(cluster.members()).containsExactlyInAnyOrder(cluster.node(1).nodeName(), cluster.node(2).nodeName());
  }

  @Test
  void jwtSignedWithTheDropKeyLogsInOnEitherNode() throws Exception {
    String viewer = viewer();
    var onNode2 = viewerOn(2, viewer, jwt(KEY, viewer, Instant.now().plusSeconds(60)));
    assertThat(onNode2.getUser().asEntityBareJidString()).isEqualTo(viewer + "@" + DOMAIN);
    assertThat(viewerOn(1, viewer, jwt(KEY, viewer, Instant.now().plusSeconds(60))).isAuthenticated()).isTrue();
  }

  @Test
  void jwtLogsInOverWebSocket() throws Exception {
    String viewer = viewer();
    var ws = XmppClients.websocket(cluster.node(2).websocketUrl(), DOMAIN, viewer,
        jwt(KEY, viewer, Instant.now().plusSeconds(60)));
    open.add(ws);
    assertThat(ws.isAuthenticated()).isTrue();
  }

  @Test
  void jwtLogsInOverBosh() throws Exception {
    String viewer = viewer();
    var bosh = XmppClients.bosh(cluster.node(1).boshUrl(), DOMAIN, viewer, jwt(KEY, viewer, Instant.now().plusSeconds(60)));
    open.add(bosh);
    assertThat(bosh.isAuthenticated()).isTrue();
  }

  @Test
  void jwtSignedWithAnotherKeyIsRefused() {
    String viewer = viewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(randomKey(), viewer, Instant.now().plusSeconds(60))))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void expiredJwtIsRefused() {
    String viewer = viewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(KEY, viewer, Instant.now().minusSeconds(5))))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void jwtNamingAnotherJidIsRefused() {
    String viewer = viewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(KEY, viewer(), Instant.now().plusSeconds(60))))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void memberOnNode2ReceivesTheServicesMessagesFromNode1() throws Exception {
    EntityBareJid room = DropRoom.jid("drop-" + Ejabberd.shortId(), cluster.mucDomain());
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, "room-pw");
    String viewer = viewer();
    owned.grantMembership(JidCreate.bareFrom(viewer + "@" + DOMAIN));
    assertThat(DropRoom.members(owned)).containsExactly(viewer + "@" + DOMAIN);

    var occupant = DropRoom.join(viewerOn(2, viewer), room, "ann", "room-pw");
    owned.sendMessage("hello from node 1");
    assertThat(occupant.next(10)).isEqualTo("hello from node 1");
  }

  @Test
  void nonMemberWithTheRightPasswordIsRefused() throws Exception {
    EntityBareJid room = DropRoom.jid("drop-" + Ejabberd.shortId(), cluster.mucDomain());
    DropRoom.create(serviceOn(1), room, "room-pw");
    String stranger = viewer();
    // XEP-0045 §7.2.7: a non-member entering a members-only room gets registration-required.
    assertThat(DropRoom.joinRefusal(viewerOn(2, stranger), room, "eve", "room-pw"))
        .isEqualTo(Condition.registration_required);
  }

  @Test
  void revokingMembershipRemovesTheOccupant() throws Exception {
    EntityBareJid room = DropRoom.jid("drop-" + Ejabberd.shortId(), cluster.mucDomain());
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, "room-pw");
    String viewer = viewer();
    var viewerJid = JidCreate.bareFrom(viewer + "@" + DOMAIN);
    owned.grantMembership(viewerJid);
    var occupant = DropRoom.join(viewerOn(2, viewer), room, "ann", "room-pw");
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

  @Test
  void roomOutlivesARestartOfNode1() throws Exception {
    EntityBareJid room = DropRoom.jid("drop-" + Ejabberd.shortId(), cluster.mucDomain());
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, "room-pw");
    String viewer = viewer();
    owned.grantMembership(JidCreate.bareFrom(viewer + "@" + DOMAIN));
    var before = DropRoom.join(viewerOn(2, viewer), room, "ann", "room-pw");
    owned.sendMessage("before");
    assertThat(before.next(10)).isEqualTo("before");

    long t0 = System.nanoTime();
    cluster.restart(1);
    System.out.printf("ejabberd node 1 restarted in %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());

    var serviceAgain = DropRoom.join(serviceOn(1), room, "livedrop", "room-pw");
    var after = DropRoom.join(viewerOn(2, viewer), room, "ann2", "room-pw");
    serviceAgain.muc().sendMessage("after");
    assertThat(after.next(10)).isEqualTo("after");
    assertThat(DropRoom.members(serviceAgain.muc())).containsExactly(viewer + "@" + DOMAIN);
  }

  /**
   * A room runs on the node that created it. When that node stops, occupants connected to the
   * other node are dropped from it without a word; a XEP-0410 self-ping tells them, and their
   * rejoin starts the persistent room again on their node, where messages flow while node 1 is down.
   */
  @Test
  void occupantsOfAStoppedNodesRoomDetectItBySelfPingAndRejoin() throws Exception {
    EntityBareJid room = DropRoom.jid("drop-" + Ejabberd.shortId(), cluster.mucDomain());
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, "room-pw");
    String viewer = viewer();
    owned.grantMembership(JidCreate.bareFrom(viewer + "@" + DOMAIN));
    var viewerConn = viewerOn(2, viewer);
    DropRoom.join(viewerConn, room, "ann", "room-pw");
    var occupantJid = JidCreate.entityFullFrom(room + "/ann");
    assertThat(DropRoom.selfPing(viewerConn, occupantJid)).as("self-ping while joined").isNull();

    cluster.node(1).stop();
    try {
      assertThat(DropRoom.selfPing(viewerConn, occupantJid)).as("self-ping once the room's node stopped")
          .isEqualTo(Condition.not_acceptable);

      var service = DropRoom.join(serviceOn(2), room, "livedrop", "room-pw");
      var rejoined = DropRoom.join(viewerOn(2, viewer), room, "ann2", "room-pw");
      service.muc().sendMessage("while node 1 is down");
      assertThat(rejoined.next(10)).isEqualTo("while node 1 is down");
    } finally {
      cluster.node(1).start();
    }
  }

  private AbstractXMPPConnection serviceOn(int node) throws Exception {
    return track(XmppClients.tcp(DOMAIN, cluster.node(node).c2sPort(), EjabberdSetup.SERVICE_USER, SERVICE_PASSWORD));
  }

  private AbstractXMPPConnection viewerOn(int node, String localpart) throws Exception {
    return viewerOn(node, localpart, jwt(KEY, localpart, Instant.now().plusSeconds(60)));
  }

  private AbstractXMPPConnection viewerOn(int node, String localpart, String token) throws Exception {
    return track(XmppClients.tcp(DOMAIN, cluster.node(node).c2sPort(), localpart, token));
  }

  private AbstractXMPPConnection track(AbstractXMPPConnection c) {
    open.add(c);
    return c;
  }

  /** A ticket as livedrop would sign it for ejabberd: HS256, the viewer's JID, an expiry. */
  static String jwt(byte[] key, String localpart, Instant expiresAt) {
    return JWT.create().withClaim(EjabberdSetup.JWT_JID_CLAIM, localpart + "@" + DOMAIN).withExpiresAt(expiresAt)
        .sign(Algorithm.HMAC256(key));
  }

  static String viewer() {
    return "v-" + Ejabberd.shortId();
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
