package dev.livedrop.support.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What livedrop's scale-out mode relies on in Debian's ejabberd, on a real two-node cluster:
 * viewers log in with a JWT livedrop signs, on either node and over each transport; the drop-room
 * rules hold with the service on node 1 and viewers on node 2; rooms outlive a restart of node 1.
 */
class EjabberdClusterTest extends DropRoomRules {
  static final String DOMAIN = "drops.test";
  static final String SERVICE_PASSWORD = "service-secret";
  static final byte[] KEY = randomKey();
  static EjabberdCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = EjabberdCluster.start(DOMAIN, KEY);
    cluster.registerUser(EjabberdSetup.SERVICE_USER, SERVICE_PASSWORD);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @Override
  AbstractXMPPConnection service() throws Exception {
    return serviceOn(1);
  }

  @Override
  String newViewer() {
    return "v-" + Unique.id();
  }

  @Override
  AbstractXMPPConnection viewer(String localpart) throws Exception {
    return viewerOn(2, localpart);
  }

  @Override
  String domain() {
    return DOMAIN;
  }

  @Override
  String mucDomain() {
    return cluster.mucDomain();
  }

  @Test
  void bothNodesAreMembersOfOneCluster() {
    assertThat(cluster.members()).containsExactlyInAnyOrder(cluster.node(1).nodeName(), cluster.node(2).nodeName());
  }

  @Test
  void jwtSignedWithTheDropKeyLogsInOnEitherNode() throws Exception {
    String viewer = newViewer();
    var onNode2 = viewerOn(2, viewer);
    assertThat(onNode2.getUser().asEntityBareJidString()).isEqualTo(bare(viewer));
    assertThat(viewerOn(1, viewer).isAuthenticated()).isTrue();
  }

  @Test
  void jwtLogsInOverBosh() throws Exception {
    String viewer = newViewer();
    var bosh = track(XmppClients.bosh(cluster.node(1).boshUrl(), DOMAIN, viewer, jwt(KEY, viewer, inAMinute())));
    assertThat(bosh.isAuthenticated()).isTrue();
  }

  @Test
  void jwtLogsInOverWebSocket() throws Exception {
    String viewer = newViewer();
    var ws = track(XmppClients.websocket(cluster.node(2).websocketUrl(), DOMAIN, viewer, jwt(KEY, viewer, inAMinute())));
    assertThat(ws.isAuthenticated()).isTrue();
  }

  @Test
  void jwtSignedWithAnotherKeyIsRefused() {
    String viewer = newViewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(randomKey(), viewer, inAMinute())))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void expiredJwtIsRefused() {
    String viewer = newViewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(KEY, viewer, Instant.now().minusSeconds(5))))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void jwtWithoutExpiryIsRefused() {
    String viewer = newViewer();
    String token = JWT.create().withClaim(EjabberdSetup.JWT_JID_CLAIM, bare(viewer)).sign(Algorithm.HMAC256(KEY));
    assertThatThrownBy(() -> viewerOn(2, viewer, token))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void unsignedJwtIsRefused() {
    String viewer = newViewer();
    String token = JWT.create().withClaim(EjabberdSetup.JWT_JID_CLAIM, bare(viewer)).withExpiresAt(inAMinute())
        .sign(Algorithm.none());
    assertThatThrownBy(() -> viewerOn(2, viewer, token))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void jwtNamingAnotherJidIsRefused() {
    String viewer = newViewer();
    assertThatThrownBy(() -> viewerOn(2, viewer, jwt(KEY, newViewer(), inAMinute())))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void onlyTheServiceLogsInWithAStoredPassword() {
    String other = newViewer();
    cluster.registerUser(other, "stored-secret");
    assertThatThrownBy(() -> viewerOn(2, other, "stored-secret"))
        .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
  }

  @Test
  void roomOutlivesARestartOfNode1() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));
    var before = DropRoom.join(viewerOn(2, viewer), room, "ann", ROOM_PASSWORD);
    owned.sendMessage("before");
    assertThat(before.next(10)).isEqualTo("before");

    long t0 = System.nanoTime();
    cluster.restart(1);
    System.out.printf("ejabberd node 1 restarted in %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());

    var service = DropRoom.join(serviceOn(1), room, "livedrop", ROOM_PASSWORD);
    var after = DropRoom.join(viewerOn(2, viewer), room, "ann2", ROOM_PASSWORD);
    service.muc().sendMessage("after");
    assertThat(after.next(10)).isEqualTo("after");
    assertThat(DropRoom.members(service.muc())).containsExactly(bare(viewer));
    assertThat(DropRoom.joinRefusal(viewerOn(2, newViewer()), room, "eve", ROOM_PASSWORD))
        .as("still members-only").isEqualTo(Condition.registration_required);
  }

  /**
   * A room runs on the node that created it. When that node stops, occupants connected to the
   * other node are dropped from it without a word; a XEP-0410 self-ping tells them, and their
   * rejoin starts the persistent room again on their node, where messages flow while node 1 is down.
   */
  @Test
  void occupantsOfAStoppedNodesRoomDetectItBySelfPingAndRejoin() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat owned = DropRoom.create(serviceOn(1), room, ROOM_PASSWORD);
    String viewer = newViewer();
    owned.grantMembership(JidCreate.bareFrom(bare(viewer)));
    var viewerConn = viewerOn(2, viewer);
    DropRoom.join(viewerConn, room, "ann", ROOM_PASSWORD);
    var occupantJid = JidCreate.entityFullFrom(room + "/ann");
    assertThat(DropRoom.selfPing(viewerConn, occupantJid)).as("self-ping while joined").isNull();

    cluster.node(1).stop();
    try {
      assertThat(DropRoom.selfPing(viewerConn, occupantJid)).as("self-ping once the room's node stopped")
          .isEqualTo(Condition.not_acceptable);

      var service = DropRoom.join(serviceOn(2), room, "livedrop", ROOM_PASSWORD);
      var rejoined = DropRoom.join(viewerOn(2, viewer), room, "ann2", ROOM_PASSWORD);
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
    return viewerOn(node, localpart, jwt(KEY, localpart, inAMinute()));
  }

  private AbstractXMPPConnection viewerOn(int node, String localpart, String token) throws Exception {
    return track(XmppClients.tcp(DOMAIN, cluster.node(node).c2sPort(), localpart, token));
  }

  /** A ticket as livedrop would sign it for ejabberd: HS256, the viewer's JID, an expiry. */
  static String jwt(byte[] key, String localpart, Instant expiresAt) {
    return JWT.create().withClaim(EjabberdSetup.JWT_JID_CLAIM, localpart + "@" + DOMAIN).withExpiresAt(expiresAt)
        .sign(Algorithm.HMAC256(key));
  }

  static Instant inAMinute() {
    return Instant.now().plusSeconds(60);
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
