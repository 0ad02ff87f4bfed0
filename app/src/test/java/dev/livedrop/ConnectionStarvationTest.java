package dev.livedrop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api;
import dev.livedrop.support.LiveViewer;
import dev.livedrop.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: one host holding idle connections (4,200 of them made {@code accept} fail for everyone)
 * reaches its cap and no further, while {@code /healthz} and a viewer already logged in carry on.
 * The attacker binds 127.0.0.2; the viewer and the health check come from 127.0.0.1.
 */
class ConnectionStarvationTest {
  static final int CAP = 12;
  static final InetAddress ATTACKER = address("127.0.0.2");

  @TempDir Path data;
  TestServer server;
  final List<Socket> held = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (var s : held) s.close();
    if (server != null) server.close();
  }

  @Test
  void oneAddressGetsItsCapOfConnectionsAndNoMoreWhileHealthAndLoggedInViewersCarryOn() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(CAP),
        "LIVEDROP_XMPP_TLS", "required"));
    String admin = Api.bearer(server.api.createDrop("{\"name\":\"busy\",\"title\":\"Busy\"}").path("adminToken").asText());
    var session = server.api.postJson("/api/v1/drops/busy/session", "", "Authorization", admin);
    assertThat(session.status()).as(session.toString()).isEqualTo(200);

    try (var viewer = LiveViewer.join(session.json())) {
      int http = server.app.port(), xmpp = server.app.xmpp().tcpPort();
      // The attacker's idle connections, half to each port, all admitted up to the cap.
      for (int i = 0; i < CAP; i++) held.add(connect(i % 2 == 0 ? xmpp : http));
      awaitOpenFromAttacker(CAP);

      // Past it, every new one is closed at once: XMPP with a stream error saying why, HTTP unanswered.
      for (int i = 0; i < 5; i++) {
        try (var extra = connect(xmpp)) {
          assertThat(readToEnd(extra)).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
              .contains("Too many connections from your address (at most " + CAP + ")");
        }
        try (var extra = connect(http)) {
          assertThat(readToEnd(extra)).isEmpty();
        }
      }

      // A new client from elsewhere is answered, and the logged-in viewer still talks both ways.
      var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base() + "/healthz"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");
      assertThat(PingManager.getInstanceFor(viewer.connection).pingMyServer()).isTrue();
      var upload = server.api.putFile("busy", "plan.txt", "hello".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
      assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
      assertThat(viewer.nextEvent(Duration.ofSeconds(10)).type()).isEqualTo("asset.created");

      assertThat(server.api.get("/metrics").text())
          .contains("livedrop_connections_refused_total{reason=\"per-address\"} 10.0");
    }
  }

  /** A TCP connection from the attacker's address to {@code port} on 127.0.0.1. */
  private Socket connect(int port) throws IOException {
    var s = new Socket(address("127.0.0.1"), port, ATTACKER, 0);
    s.setSoTimeout(5000);
    return s;
  }

  /** Everything the server sends until it closes the connection (fails if it keeps it open for 5 s). */
  private static String readToEnd(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a connection past the cap open", e);
    }
  }

  private void awaitOpenFromAttacker(int n) throws InterruptedException {
    var admission = server.app.xmpp().admission();
    for (int i = 0; i < 500 && admission.openFrom(ATTACKER) != n; i++) Thread.sleep(10);
    assertThat(admission.openFrom(ATTACKER)).isEqualTo(n);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
