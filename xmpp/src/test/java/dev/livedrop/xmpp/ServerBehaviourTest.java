package dev.livedrop.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.RawTcp;
import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/** Registration, rate limits, idle timeouts and shutdown, each on a server configured for it. */
class ServerBehaviourTest {
  @TempDir Path data;

  @Test
  void inBandRegistrationIsOffByDefault() throws Exception {
    try (var xmpp = TestXmpp.start(data)) {
      var c = new org.jivesoftware.smack.tcp.XMPPTCPConnection(xmpp.tcp().build());
      c.connect();
      // XEP-0077 §3.1: the stream lives on; the registration query is answered service-unavailable.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccountManager.getInstance(c).supportsAccountCreation())
          .isInstanceOfSatisfying(org.jivesoftware.smack.XMPPException.XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition().toString()).isEqualTo("service-unavailable"));
      assertThat(c.isConnected()).isTrue();
      c.disconnect();
    }
  }

  @Test
  void inBandRegistrationCreatesAnAccountThatCanLogIn() throws Exception {
    var config = XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED).withRegistration(true);
    try (var xmpp = TestXmpp.start(config)) {
      var c = new org.jivesoftware.smack.tcp.XMPPTCPConnection(xmpp.tcp().build());
      c.connect();
      var am = AccountManager.getInstance(c);
      assertThat(am.supportsAccountCreation()).isTrue();
      am.createAccount(Localpart.from("newbie"), "long enough password");
      c.disconnect();
      var login = xmpp.login("newbie", "long enough password", "SCRAM-SHA-1");
      assertThat(login.isAuthenticated()).isTrue();
      login.disconnect();
      // Stored as SCRAM hashes only: the password is nowhere in the account file.
      assertThat(java.nio.file.Files.readString(data.resolve("accounts.tsv"))).contains("newbie").doesNotContain("long enough");
    }
  }

  @Test
  void floodingStanzasIsAPolicyViolation() throws Exception {
    var config = XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED)
        .withLimits(256 * 1024, 10, Duration.ofMinutes(5), Duration.ofSeconds(90));
    try (var xmpp = TestXmpp.start(config)) {
      var c = xmpp.websocket(null, null);
      var closed = new CompletableFuture<Exception>();
      c.addConnectionListener(new org.jivesoftware.smack.ConnectionListener() {
        @Override
        public void connectionClosedOnError(Exception e) {
          closed.complete(e);
        }
      });
      try {
        for (int i = 0; i < 200 && !closed.isDone(); i++) {
          c.sendStanza(c.getStanzaFactory().buildMessageStanza().to(JidCreate.from(TestXmpp.DOMAIN))
              .ofType(Message.Type.headline).setBody("flood " + i).build());
        }
      } catch (org.jivesoftware.smack.SmackException.NotConnectedException cutOff) {
        // the server closed the stream mid-flood, as it should; the reason is in the listener
      }
      assertThat(closed.get(10, TimeUnit.SECONDS).toString()).contains("policy-violation");
    }
  }

  @Test
  void idleConnectionsAreClosedWithConnectionTimeout() throws Exception {
    var config = XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED)
        .withLimits(256 * 1024, 200, Duration.ofSeconds(2), Duration.ofSeconds(1));
    try (var xmpp = TestXmpp.start(config); var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(RawTcp.open(TestXmpp.DOMAIN));
      String all = raw.readUntil("</stream:stream>", 8000);
      assertThat(all).contains("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
      // Whitespace keepalives went out before the timeout (RFC 6120 §4.6.1).
      assertThat(all.substring(all.indexOf("</stream:features>"))).contains(" ");
    }
  }

  @Test
  void shutdownSendsSystemShutdownToEveryStream() throws Exception {
    var xmpp = TestXmpp.start(data);
    try (var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(RawTcp.open(TestXmpp.DOMAIN));
      raw.readUntil("</stream:features>", 5000);
      xmpp.server.close();
      assertThat(raw.readUntil("</stream:stream>", 5000)).contains("<system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
    } finally {
      xmpp.vertx.close();
    }
  }
}
