package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.TestXmpp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** Smack over RFC 7395 WebSocket, and XEP-0156 discovery of the endpoints. */
class WebSocketSmackTest {
  @TempDir static Path data;
  static TestXmpp xmpp;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(data);
    xmpp.server.accounts().create("carol", "correct horse");
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  @Test
  void plainLoginOverLoopbackWebSocket() throws Exception {
    var c = xmpp.websocket("carol", "correct horse");
    assertThat(c.isAuthenticated()).isTrue();
    assertThat(c.getUser().asBareJid().toString()).isEqualTo("carol@" + TestXmpp.DOMAIN);
    c.disconnect();
  }

  @Test
  void anonymousLoginPingAndDisco() throws Exception {
    var c = xmpp.websocket(null, null);
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    var info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom(TestXmpp.DOMAIN));
    assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
    c.disconnect();
  }

  @Test
  void messageFromTcpArrivesOverWebSocket() throws Exception {
    var ws = xmpp.websocket("carol", "correct horse");
    xmpp.server.accounts().create("dave", "correct horse");
    var tcp = xmpp.login("dave", "correct horse", "SCRAM-SHA-1");
    xmpp.awaitAvailable("carol");
    var got = new CompletableFuture<String>();
    ChatManager.getInstanceFor(ws).addIncomingListener((from, m, chat) -> got.complete(m.getBody()));
    ChatManager.getInstanceFor(tcp).chatWith(JidCreate.entityBareFrom("carol@" + TestXmpp.DOMAIN)).send("über");
    assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("über");
    ws.disconnect();
    tcp.disconnect();
  }

  @Test
  void hostMetaListsBoshAndWebSocket() throws Exception {
    var http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + xmpp.httpPort;
    var xml = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/host-meta")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(xml.statusCode()).isEqualTo(200);
    assertThat(xml.body()).contains("urn:xmpp:alt-connections:websocket").contains("ws://127.0.0.1:" + xmpp.httpPort + "/xmpp-websocket")
        .contains("urn:xmpp:alt-connections:xbosh").contains("/http-bind");
    var json = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/host-meta.json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json.body()).contains("\"rel\":\"urn:xmpp:alt-connections:websocket\"");
  }
}
