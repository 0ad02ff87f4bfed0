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
    // A viewer's login, as the web UI makes it (SASL ANONYMOUS is off by default).
    server.api.createDrop("{\"name\":\"ws-login\"}");
    var session = server.api.postJson("/api/v1/drops/ws-login/session", "").json();
    var b = ModularXmppClientToServerConnectionConfiguration.builder();
    b.removeAllModules();
    b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
        .explicitlySetWebSocketEndpoint(URI.create("ws://127.0.0.1:" + server.app.port() + "/xmpp-websocket")).build());
    b.setXmppDomain("drops.test").setSecurityMode(SecurityMode.disabled)
        .setUsernameAndPassword(session.path("username").asText(), session.path("password").asText())
        .addEnabledSaslMechanism("PLAIN");
    var c = new ModularXmppClientToServerConnection(b.build());
    c.connect().login();
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    c.disconnect();
  }

  @Test
  void aWebSocketAskingForCompressionIsAnsweredWithout() throws Exception {
    // Decision 0015: a browser always offers permessage-deflate; the session works uncompressed.
    String head = exchange("GET /xmpp-websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: xmpp\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-protocol: xmpp")
        .doesNotContainIgnoringCase("sec-websocket-extensions");
  }

  @Test
  void anH2cUpgradeIsAnsweredInHttp11() throws Exception {
    String head = exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 200");
  }

  /** Sends a raw request and returns the response's status line and headers. */
  private static String exchange(String request) throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", server.app.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      var in = socket.getInputStream();
      var head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) break;
        head.append((char) b);
      }
      return head.toString();
    }
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
