package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.TestXmpp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7395 framing over a raw WebSocket: open/close, one element per message, errors then close. */
class WebSocketProtocolTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(data);
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  /** A raw client recording every text message and the close code. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    String next() throws InterruptedException {
      String m = messages.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a message from the server").isNotNull();
      return m;
    }

    String until(String marker) throws InterruptedException {
      var all = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        String m = messages.poll(5, TimeUnit.SECONDS);
        if (m == null) break;
        all.append(m).append('\n');
        if (m.contains(marker)) break;
      }
      return all.toString();
    }
  }

  static Client connect(List<String> subprotocols) throws Exception {
    var client = new Client();
    var b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (!subprotocols.isEmpty()) b.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    client.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + xmpp.httpPort + "/xmpp-websocket"), client).get(5, TimeUnit.SECONDS);
    return client;
  }

  static String open(String to) {
    return "<open xmlns='" + FRAMING + "' to='" + to + "' version='1.0'/>";
  }

  @Test
  void openIsAnsweredWithOpenAndFeatures() throws Exception {
    var c = connect(List.of("xmpp"));
    assertThat(c.ws.getSubprotocol()).isEqualTo("xmpp");
    c.ws.sendText(open(TestXmpp.DOMAIN), true);
    String first = c.next();
    assertThat(first).startsWith("<open xmlns='" + FRAMING + "'").contains("from='" + TestXmpp.DOMAIN + "'").contains("version='1.0'");
    String features = c.next();
    assertThat(features).startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'").contains("ANONYMOUS");
    c.ws.sendText("<close xmlns='" + FRAMING + "'/>", true);
    assertThat(c.until("<close")).contains("<close xmlns='" + FRAMING + "'/>");
    assertThat(c.closed.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void withoutTheXmppSubprotocolTheConnectionIsClosed() throws Exception {
    var c = connect(List.of());
    assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1002);
  }

  @Test
  void unknownHostIsAStreamErrorThenClose() throws Exception {
    var c = connect(List.of("xmpp"));
    c.ws.sendText(open("elsewhere.example"), true);
    String all = c.until("<close");
    assertThat(all).contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>").contains("<close xmlns='" + FRAMING + "'/>");
    assertThat(c.closed.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void halfAnElementInAMessageIsNotWellFormed() throws Exception {
    var c = connect(List.of("xmpp"));
    c.ws.sendText(open(TestXmpp.DOMAIN), true);
    c.until("</stream:features>");
    c.ws.sendText("<message xmlns='jabber:client'><body>", true);
    assertThat(c.until("<close")).contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
  }

  @Test
  void dtdInAMessageIsRestrictedXml() throws Exception {
    var c = connect(List.of("xmpp"));
    c.ws.sendText(open(TestXmpp.DOMAIN), true);
    c.until("</stream:features>");
    c.ws.sendText("<!DOCTYPE x [<!ENTITY a 'b'>]><message xmlns='jabber:client'/>", true);
    assertThat(c.until("<close")).contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
  }

  @Test
  void stanzaBeforeAuthenticationIsNotAuthorized() throws Exception {
    var c = connect(List.of("xmpp"));
    c.ws.sendText(open(TestXmpp.DOMAIN), true);
    c.until("</stream:features>");
    c.ws.sendText("<message xmlns='jabber:client' to='x@" + TestXmpp.DOMAIN + "'><body>hi</body></message>", true);
    assertThat(c.until("<close")).contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
  }
}
