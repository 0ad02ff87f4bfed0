package dev.livedrop.xmpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded server's settings. {@code tls} is "required" by default on TCP: plain-text logins
 * over the network are what STARTTLS exists to prevent, and every client we care about speaks it.
 */
public record XmppConfig(
    String domain,
    String bindHost,
    int tcpPort,
    TlsMode tls,
    Path certificatePem,
    Path privateKeyPem,
    Path dataDir,
    int maxStanzaBytes,
    Duration idleTimeout,
    Duration pingAfter,
    int stanzasPerSecond,
    boolean allowRegistration,
    boolean allowAnonymous,
    boolean allowUserRooms,
    int maxUsersPresence,
    List<String> corsOrigins,
    String adminJid) {

  public enum TlsMode { REQUIRED, OPTIONAL }

  public String mucDomain() {
    return "rooms." + domain;
  }

  public static XmppConfig defaults(String domain, Path dataDir) {
    return new XmppConfig(domain, "0.0.0.0", 5222, TlsMode.REQUIRED, null, null, dataDir, 256 * 1024,
        Duration.ofMinutes(5), Duration.ofSeconds(90), 200, false, true, false, 500, List.of("*"), null);
  }

  public XmppConfig withTcp(String host, int port, TlsMode mode) {
    return new XmppConfig(domain, host, port, mode, certificatePem, privateKeyPem, dataDir, maxStanzaBytes,
        idleTimeout, pingAfter, stanzasPerSecond, allowRegistration, allowAnonymous, allowUserRooms,
        maxUsersPresence, corsOrigins, adminJid);
  }

  public XmppConfig withLimits(int maxStanza, int perSecond, Duration idle, Duration ping) {
    return new XmppConfig(domain, bindHost, tcpPort, tls, certificatePem, privateKeyPem, dataDir, maxStanza,
        idle, ping, perSecond, allowRegistration, allowAnonymous, allowUserRooms, maxUsersPresence, corsOrigins, adminJid);
  }

  public XmppConfig withRegistration(boolean allowed) {
    return new XmppConfig(domain, bindHost, tcpPort, tls, certificatePem, privateKeyPem, dataDir, maxStanzaBytes,
        idleTimeout, pingAfter, stanzasPerSecond, allowed, allowAnonymous, allowUserRooms, maxUsersPresence,
        corsOrigins, adminJid);
  }

  public XmppConfig withMaxUsersPresence(int threshold) {
    return new XmppConfig(domain, bindHost, tcpPort, tls, certificatePem, privateKeyPem, dataDir, maxStanzaBytes,
        idleTimeout, pingAfter, stanzasPerSecond, allowRegistration, allowAnonymous, allowUserRooms, threshold,
        corsOrigins, adminJid);
  }

  public XmppConfig withUserRooms(boolean allowed) {
    return new XmppConfig(domain, bindHost, tcpPort, tls, certificatePem, privateKeyPem, dataDir, maxStanzaBytes,
        idleTimeout, pingAfter, stanzasPerSecond, allowRegistration, allowAnonymous, allowed, maxUsersPresence,
        corsOrigins, adminJid);
  }
}
