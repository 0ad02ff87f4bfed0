package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.support.RawTcp;
import dev.livedrop.xmpp.support.TestXmpp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated, oversized, entity-laden and random input on all three transports: each bad session
 * gets an error and is freed, and the server goes on serving everyone else.
 */
class RobustnessTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static final String DOMAIN = TestXmpp.DOMAIN;
  static final List<String> BAD_INPUTS = List.of(
      "<message><body>truncated",
      "<message><body>" + "x".repeat(20_000) + "</body></message>",
      "<message><body>&lol;&lol;&lol;</body></message>",
      "<!DOCTYPE z [<!ENTITY lol 'lol'>]><message/>",
      "</not-open>",
      "<a><b></a></b>",
      new String(randomBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));

  static byte[] randomBytes() {
    byte[] b = new byte[3000];
    new Random(7).nextBytes(b);
    b[0] = '<';
    return b;
  }

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED)
        .withLimits(8192, 200, Duration.ofMinutes(5), Duration.ofSeconds(90)));
    xmpp.server.accounts().create("yan", "correct horse");
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  @Test
  void badTcpInputGetsAStreamErrorAndFreesTheSession() throws Exception {
    int before = xmpp.server.sessions().count();
    for (String bad : BAD_INPUTS.subList(1, BAD_INPUTS.size())) {
      try (var raw = new RawTcp(xmpp.server.tcpPort())) {
        raw.send(RawTcp.open(DOMAIN)).send(bad + " <presence/>");
        String answer = raw.readUntil("</stream:stream>", 5000);
        assertThat(answer).as(bad.substring(0, Math.min(30, bad.length()))).contains("<stream:error");
        assertThat(raw.closedWithin(3000)).isTrue();
      }
    }
    awaitSessions(before);
    assertServerStillServes();
  }

  @Test
  void truncatedTcpStanzaThenDisconnectFreesTheSession() throws Exception {
    int before = xmpp.server.sessions().count();
    try (var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(RawTcp.open(DOMAIN)).send(BAD_INPUTS.get(0));
      raw.readUntil("</stream:features>", 5000);
      assertThat(xmpp.server.sessions().count()).isEqualTo(before + 1);
    }
    awaitSessions(before);
    assertServerStillServes();
  }

  @Test
  void badWebSocketInputGetsAnErrorAndClose() throws Exception {
    int before = xmpp.server.sessions().count();
    for (String bad : BAD_INPUTS) {
      var closed = new CompletableFuture<Integer>();
      var text = new StringBuilder();
      var ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("xmpp")
          .buildAsync(URI.create("ws://127.0.0.1:" + xmpp.httpPort + "/xmpp-websocket"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
              synchronized (text) {
                text.append(d);
              }
              w.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
              closed.complete(code);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      ws.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + DOMAIN + "' version='1.0'/>", true).get();
      ws.sendText(bad, true).get();
      closed.get(5, TimeUnit.SECONDS);
      synchronized (text) {
        assertThat(text.toString()).contains("<stream:error");
      }
    }
    awaitSessions(before);
    assertServerStillServes();
  }

  @Test
  void badBoshInputIsRefusedWithoutASession() throws Exception {
    var http = HttpClient.newHttpClient();
    for (String bad : BAD_INPUTS) {
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind"))
          .POST(HttpRequest.BodyPublishers.ofString(bad)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isIn(400, 413);
      assertThat(r.body()).contains("type='terminate'");
    }
    assertServerStillServes();
  }

  private static void awaitSessions(int count) throws InterruptedException {
    for (int i = 0; i < 50 && xmpp.server.sessions().count() > count; i++) Thread.sleep(100);
    assertThat(xmpp.server.sessions().count()).isLessThanOrEqualTo(count);
  }

  private static void assertServerStillServes() throws Exception {
    var c = xmpp.login("yan", "correct horse", "SCRAM-SHA-1");
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    c.disconnect();
  }
}
