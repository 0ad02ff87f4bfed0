package dev.livedrop.support.xmpp;

import java.net.URI;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;

/**
 * Smack clients logged in to a test server with a password, a JWT being one: over c2s without TLS
 * (loopback), or over BOSH or WebSocket, as a viewer's browser connects. SASL PLAIN, since a JWT is checked
 * as presented and cannot take part in SCRAM.
 */
final class XmppClients {
  private static final int TIMEOUT_MS = 10_000;
  private static final int BOSH_TIMEOUT_MS = 30_000;

  private XmppClients() {}

  static XMPPTCPConnection tcp(String domain, int port, String user, String password) throws Exception {
    var conn = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(domain)
        .setHost("127.0.0.1")
        .setPort(port)
        .setSecurityMode(SecurityMode.disabled)
        .setUsernameAndPassword(user, password)
        .addEnabledSaslMechanism("PLAIN")
        .setConnectTimeout(TIMEOUT_MS)
        .build());
    return login(conn);
  }

  /** smack-bosh builds its URL from a host name; an IP literal comes out as "http:///127.0.0.1". */
  static XMPPBOSHConnection bosh(URI endpoint, String domain, String user, String password) throws Exception {
    var conn = new XMPPBOSHConnection(BOSHConfiguration.builder()
        .setUseHttps(false).setHost("localhost").setPort(endpoint.getPort()).setFile(endpoint.getPath())
        .setXmppDomain(domain).setSecurityMode(SecurityMode.disabled).setUsernameAndPassword(user, password)
        .addEnabledSaslMechanism("PLAIN")
        .build());
    // The first BOSH connection of a JVM takes 3-4 s to set up its HTTP client (either server, either
    // node); on a loaded machine login then outran the 10 s reply timeout.
    return login(conn, BOSH_TIMEOUT_MS);
  }

  static ModularXmppClientToServerConnection websocket(URI endpoint, String domain, String user, String password)
      throws Exception {
    var b = ModularXmppClientToServerConnectionConfiguration.builder();
    b.removeAllModules();
    b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b).explicitlySetWebSocketEndpoint(endpoint).build());
    b.setXmppDomain(domain).setSecurityMode(SecurityMode.disabled).setUsernameAndPassword(user, password)
        .addEnabledSaslMechanism("PLAIN");
    return login(new ModularXmppClientToServerConnection(b.build()));
  }

  private static <C extends AbstractXMPPConnection> C login(C conn) throws Exception {
    return login(conn, TIMEOUT_MS);
  }

  private static <C extends AbstractXMPPConnection> C login(C conn, int timeoutMs) throws Exception {
    conn.setReplyTimeout(timeoutMs);
    // Neither a viewer nor the service uses a roster (the test servers load no roster module).
    Roster.getInstanceFor(conn).setRosterLoadedAtLogin(false);
    try {
      conn.connect().login();
      return conn;
    } catch (Exception e) {
      conn.disconnect();
      throw e;
    }
  }
}
