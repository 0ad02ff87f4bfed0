package dev.livedrop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.net.URI;
import java.nio.file.Path;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded deployment runs its XMPP server in the same JVM, on the same HTTP port. */
class EmbeddedXmppTest {
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

  @Test
  void anXmppClientLogsInOverWebSocketOnTheHttpPort() throws Exception {
    var b = ModularXmppClientToServerConnectionConfiguration.builder();
    b.removeAllModules();
    b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
        .explicitlySetWebSocketEndpoint(URI.create("ws://127.0.0.1:" + server.app.port() + "/xmpp-websocket")).build());
    b.setXmppDomain("drops.test").setSecurityMode(SecurityMode.disabled).performSaslAnonymousAuthentication();
    var c = new ModularXmppClientToServerConnection(b.build());
    c.connect().login();
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    c.disconnect();
  }

  @Test
  void hostMetaIsServedBesideTheApi() {
    var r = server.api.get("/.well-known/host-meta.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("/xmpp-websocket").contains("/http-bind");
  }

  @Test
  void tcpListenerIsUp() {
    assertThat(server.app.xmpp().tcpPort()).isPositive();
    assertThat(server.app.xmpp().muc().domain()).isEqualTo("rooms.drops.test");
  }
}
