package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XEP-0199 from the server: a quiet client is pinged within a round of going quiet, answers, and stays. */
class IdlePingTest {
  @TempDir Path data;

  @Test
  void quietClientsArePingedAndStayConnected() throws Exception {
    // Pings after 8 s of quiet: a round of 2 s in two slots, so sessions sit in different slots.
    try (var xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED)
        .withLimits(8192, 200, Duration.ofMinutes(5), Duration.ofSeconds(8)))) {
      List<XMPPTCPConnection> clients = new ArrayList<>();
      var pingedAt = new ConcurrentHashMap<Integer, Long>();
      long start = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        xmpp.server.accounts().create("quiet" + i, "pw-" + i);
        XMPPTCPConnection c = xmpp.login("quiet" + i, "pw-" + i, "SCRAM-SHA-1");
        int n = i;
        // Smack answers pings in PingManager's handler, which this one replaces: it answers too.
        c.registerIQRequestHandler(new AbstractIqRequestHandler(Ping.ELEMENT, Ping.NAMESPACE, IQ.Type.get, IQRequestHandler.Mode.async) {
          @Override
          public IQ handleIQRequest(IQ request) {
            pingedAt.putIfAbsent(n, System.nanoTime());
            return IQ.createResultIQ(request);
          }
        });
        clients.add(c);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (pingedAt.size() < clients.size() && System.nanoTime() < deadline) Thread.sleep(100);
      assertThat(pingedAt).hasSize(clients.size());
      // Not before 8 s of quiet; within the 8 s and a round (2 s) of the last login, with slack.
      for (long at : pingedAt.values()) assertThat(TimeUnit.NANOSECONDS.toMillis(at - start)).isBetween(8_000L, 14_000L);
      Thread.sleep(500); // the answers arrive; no one is dropped for being quiet
      for (XMPPTCPConnection c : clients) {
        assertThat(c.isConnected()).isTrue();
        c.disconnect();
      }
    }
  }
}
