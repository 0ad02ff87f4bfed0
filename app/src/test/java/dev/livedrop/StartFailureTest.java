package dev.livedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.support.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails part-way (the HTTP port is taken) stops what it had started. */
class StartFailureTest {
  @TempDir Path data;

  @Test
  void aStartThatFailsOnATakenPortLeavesNothingListening() throws Exception {
    int xmppPort;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      xmppPort = probe.getLocalPort();
    }
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var env = Map.of("LIVEDROP_HTTP_PORT", String.valueOf(taken.getLocalPort()), "LIVEDROP_XMPP_PORT", String.valueOf(xmppPort));
      assertThatThrownBy(() -> TestServer.start(data, env))
          .hasMessageContaining("HTTP cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("in use");
    }
    // The XMPP listener opened before HTTP failed is closed again: its port can be bound.
    try (var again = new ServerSocket(xmppPort, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(xmppPort);
    }
    // And the same data dir starts cleanly afterwards.
    try (var ok = TestServer.start(data, Map.of("LIVEDROP_XMPP_PORT", String.valueOf(xmppPort)))) {
      assertThat(ok.app.port()).isPositive();
    }
  }

  @Test
  void aTakenXmppPortIsNamedInTheError() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var env = Map.of("LIVEDROP_XMPP_PORT", String.valueOf(taken.getLocalPort()));
      assertThatThrownBy(() -> TestServer.start(data, env))
          .hasMessageContaining("XMPP over TCP cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("in use");
    }
    try (var ok = TestServer.start(data)) {
      assertThat(ok.app.port()).isPositive();
    }
  }
}
