package dev.livedrop.xmpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
    List<String> corsOrigins) {

  public enum TlsMode { REQUIRED, OPTIONAL }

  public String mucDomain() {
    return "rooms." + domain;
  }

  public static XmppConfig defaults(String domain, Path dataDir) {
    return new XmppConfig(domain, "0.0.0.0", 5222, TlsMode.REQUIRED, null, null, dataDir, 256 * 1024,
        Duration.ofMinutes(5), Duration.ofSeconds(90), 200, false, true, false, 500, List.of("*"));
  }

  public XmppConfig withTcp(String host, int port, TlsMode mode) {
    return edit(b -> {
      b.bindHost = host;
      b.tcpPort = port;
      b.tls = mode;
    });
  }

  /** The certificate and key STARTTLS presents; without them the server makes a self-signed pair. */
  public XmppConfig withCertificate(Path certificatePem, Path privateKeyPem) {
    return edit(b -> {
      b.certificatePem = certificatePem;
      b.privateKeyPem = privateKeyPem;
    });
  }

  public XmppConfig withLimits(int maxStanza, int perSecond, Duration idle, Duration ping) {
    return edit(b -> {
      b.maxStanzaBytes = maxStanza;
      b.stanzasPerSecond = perSecond;
      b.idleTimeout = idle;
      b.pingAfter = ping;
    });
  }

  public XmppConfig withRegistration(boolean allowed) {
    return edit(b -> b.allowRegistration = allowed);
  }

  public XmppConfig withAnonymous(boolean allowed) {
    return edit(b -> b.allowAnonymous = allowed);
  }

  public XmppConfig withUserRooms(boolean allowed) {
    return edit(b -> b.allowUserRooms = allowed);
  }

  public XmppConfig withMaxUsersPresence(int threshold) {
    return edit(b -> b.maxUsersPresence = threshold);
  }

  public XmppConfig withCorsOrigins(List<String> origins) {
    return edit(b -> b.corsOrigins = List.copyOf(origins));
  }

  private XmppConfig edit(Consumer<Editing> change) {
    var e = new Editing(this);
    change.accept(e);
    return e.done();
  }

  /** A copy being changed, so that each {@code with…} names only what it changes. */
  private static final class Editing {
    String domain;
    String bindHost;
    int tcpPort;
    TlsMode tls;
    Path certificatePem;
    Path privateKeyPem;
    Path dataDir;
    int maxStanzaBytes;
    Duration idleTimeout;
    Duration pingAfter;
    int stanzasPerSecond;
    boolean allowRegistration;
    boolean allowAnonymous;
    boolean allowUserRooms;
    int maxUsersPresence;
    List<String> corsOrigins;

    Editing(XmppConfig c) {
      domain = c.domain;
      bindHost = c.bindHost;
      tcpPort = c.tcpPort;
      tls = c.tls;
      certificatePem = c.certificatePem;
      privateKeyPem = c.privateKeyPem;
      dataDir = c.dataDir;
      maxStanzaBytes = c.maxStanzaBytes;
      idleTimeout = c.idleTimeout;
      pingAfter = c.pingAfter;
      stanzasPerSecond = c.stanzasPerSecond;
      allowRegistration = c.allowRegistration;
      allowAnonymous = c.allowAnonymous;
      allowUserRooms = c.allowUserRooms;
      maxUsersPresence = c.maxUsersPresence;
      corsOrigins = c.corsOrigins;
    }

    XmppConfig done() {
      return new XmppConfig(domain, bindHost, tcpPort, tls, certificatePem, privateKeyPem, dataDir, maxStanzaBytes,
          idleTimeout, pingAfter, stanzasPerSecond, allowRegistration, allowAnonymous, allowUserRooms, maxUsersPresence,
          corsOrigins);
    }
  }
}
