package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.sasl.Identity;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.stream.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/** Smack over TCP with STARTTLS: every SASL mechanism, bind, ping, disco, version, messages. */
class TcpSmackTest {
  @TempDir static Path data;
  static TestXmpp xmpp;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(data);
    xmpp.server.accounts().create("alice", "correct horse");
    xmpp.server.accounts().create("bob", "battery staple");
    xmpp.server.addAuthenticator((user, password) ->
        user.equals("viewer-1") && password.equals("token-abc") ? Optional.of(new Identity("viewer-1", false)) : Optional.empty());
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  @Test
  void loginIsOverTls() throws Exception {
    XMPPTCPConnection c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    try {
      assertThat(c.isSecureConnection()).isTrue();
      assertThat(c.isAuthenticated()).isTrue();
      assertThat(c.getUser().asBareJid().toString()).isEqualTo("alice@" + TestXmpp.DOMAIN);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void tlsSessionsSpreadOverTheListenersOnBothLoops() throws Exception {
    // Vert.x's own STARTTLS never completed on the second instance of a shared server; ours does.
    List<XMPPTCPConnection> open = new ArrayList<>();
    Set<String> loops = new HashSet<>();
    try {
      for (int i = 0; i < 6; i++) {
        XMPPTCPConnection c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
        open.add(c);
        assertThat(c.isSecureConnection()).isTrue();
        var session = (Session) xmpp.server.router().find(c.getUser().toString());
        var loop = new CompletableFuture<String>();
        session.transport().context().runOnContext(v -> loop.complete(Thread.currentThread().getName()));
        loops.add(loop.get(5, TimeUnit.SECONDS));
      }
    } finally {
      open.forEach(XMPPTCPConnection::disconnect);
    }
    assertThat(loops).hasSize(2);
  }

  @Test
  void scramSha1LogsIn() throws Exception {
    XMPPTCPConnection c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    assertThat(c.isAuthenticated()).isTrue();
    c.disconnect();
  }

  @Test
  void plainLogsInWithAnAccount() throws Exception {
    XMPPTCPConnection c = xmpp.login("bob", "battery staple", "PLAIN");
    assertThat(c.isAuthenticated()).isTrue();
    c.disconnect();
  }

  @Test
  void plainLogsInThroughThePluggedInAuthenticator() throws Exception {
    XMPPTCPConnection c = xmpp.login("viewer-1", "token-abc", "PLAIN");
    assertThat(c.getUser().asBareJid().toString()).isEqualTo("viewer-1@" + TestXmpp.DOMAIN);
    c.disconnect();
  }

  @Test
  void wrongPasswordFailsForEveryMechanism() {
    for (String mech : new String[] {"SCRAM-SHA-1", "PLAIN"}) {
      assertThatThrownBy(() -> xmpp.login("alice", "wrong", mech)).as(mech)
          .isInstanceOf(org.jivesoftware.smack.sasl.SASLErrorException.class);
    }
  }

  @Test
  void unknownUserFailsLikeAWrongPassword() {
    assertThatThrownBy(() -> xmpp.login("nobody", "whatever", "SCRAM-SHA-1"))
        .isInstanceOf(org.jivesoftware.smack.sasl.SASLErrorException.class);
  }

  @Test
  void anonymousLoginGetsAFreshJid() throws Exception {
    var c = new XMPPTCPConnection(xmpp.tcp().performSaslAnonymousAuthentication().build());
    c.connect().login();
    assertThat(c.getUser().getLocalpart().toString()).startsWith("anon-");
    c.disconnect();
  }

  @Test
  void boundResourceIsTheOneAskedFor() throws Exception {
    var c = new XMPPTCPConnection(xmpp.tcp().setUsernameAndPassword("alice", "correct horse")
        .setResource("laptop").build());
    c.connect().login();
    assertThat(c.getUser().getResourcepart().toString()).isEqualTo("laptop");
    c.disconnect();
  }

  @Test
  void serverAnswersPing() throws Exception {
    var c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    c.disconnect();
  }

  @Test
  void serverDiscoListsItsFeatures() throws Exception {
    var c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    var info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom(TestXmpp.DOMAIN));
    assertThat(info.getIdentities()).anySatisfy(i -> {
      assertThat(i.getCategory()).isEqualTo("server");
      assertThat(i.getType()).isEqualTo("im");
    });
    assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
    assertThat(info.containsFeature("jabber:iq:version")).isTrue();
    assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
    c.disconnect();
  }

  @Test
  void serverTellsItsVersion() throws Exception {
    var c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    var version = VersionManager.getInstanceFor(c).getVersion(JidCreate.domainBareFrom(TestXmpp.DOMAIN));
    assertThat(version.getName()).isEqualTo("livedrop");
    c.disconnect();
  }

  @Test
  void messagesReachAnotherConnectedUser() throws Exception {
    var alice = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    var bob = xmpp.login("bob", "battery staple", "PLAIN");
    xmpp.awaitAvailable("bob");
    var received = new java.util.concurrent.CompletableFuture<String>();
    ChatManager.getInstanceFor(bob).addIncomingListener((from, message, chat) -> received.complete(message.getBody()));
    ChatManager.getInstanceFor(alice).chatWith(JidCreate.entityBareFrom("bob@" + TestXmpp.DOMAIN)).send("hello & <bob>");
    assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello & <bob>");
    alice.disconnect();
    bob.disconnect();
  }

  @Test
  void iqToNobodyIsServiceUnavailable() throws Exception {
    var c = xmpp.login("alice", "correct horse", "SCRAM-SHA-1");
    assertThatThrownBy(() -> VersionManager.getInstanceFor(c).getVersion(JidCreate.fullFrom("bob@" + TestXmpp.DOMAIN + "/gone")))
        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition().toString()).isEqualTo("service-unavailable"));
    c.disconnect();
  }


}
