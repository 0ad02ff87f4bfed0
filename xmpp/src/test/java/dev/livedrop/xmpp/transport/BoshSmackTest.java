package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/** Smack over BOSH (XEP-0124/0206): login, ping, disco, and messages held until delivered. */
class BoshSmackTest {
  @TempDir static Path data;
  static TestXmpp xmpp;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(data);
    xmpp.server.accounts().create("erin", "correct horse");
    xmpp.server.accounts().create("frank", "correct horse");
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  @Test
  void scramLoginOverBosh() throws Exception {
    var c = xmpp.bosh("erin", "correct horse");
    assertThat(c.isAuthenticated()).isTrue();
    assertThat(c.getUser().asBareJid().toString()).isEqualTo("erin@" + TestXmpp.DOMAIN);
    c.disconnect();
  }

  @Test
  void anonymousLoginPingAndDisco() throws Exception {
    var c = xmpp.bosh(null, null);
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    assertThat(ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom(TestXmpp.DOMAIN))
        .containsFeature("urn:xmpp:ping")).isTrue();
    c.disconnect();
  }

  @Test
  void messageFromTcpIsPushedOverAHeldRequest() throws Exception {
    var bosh = xmpp.bosh("erin", "correct horse");
    var tcp = xmpp.login("frank", "correct horse", "SCRAM-SHA-1");
    xmpp.awaitAvailable("erin");
    var got = new CompletableFuture<String>();
    ChatManager.getInstanceFor(bosh).addIncomingListener((from, m, chat) -> got.complete(m.getBody()));
    ChatManager.getInstanceFor(tcp).chatWith(JidCreate.entityBareFrom("erin@" + TestXmpp.DOMAIN)).send("held & delivered");
    assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("held & delivered");
    bosh.disconnect();
    tcp.disconnect();
  }
}
