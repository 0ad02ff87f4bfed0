package dev.livedrop.xmpp.support;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.XmppServer;
import dev.livedrop.xmpp.transport.admission.ConnectionAdmission;
import dev.livedrop.xmpp.transport.admission.ConnectionLimits;
import dev.livedrop.xmpp.transport.admission.HttpAdmission;
import dev.livedrop.xmpp.transport.admission.OpenFiles;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** A real XMPP server on a random loopback port, and Smack clients for it. */
public final class TestXmpp implements AutoCloseable {
  public static final String DOMAIN = "example.test";
  public final Vertx vertx;
  public final XmppServer server;

  static {
    SmackConfiguration.DEBUG = false;
    org.jivesoftware.smack.SmackConfiguration.setDefaultReplyTimeout(10_000);
  }

  public final int httpPort;

  private TestXmpp(Vertx vertx, XmppServer server, int httpPort) {
    this.vertx = vertx;
    this.server = server;
    this.httpPort = httpPort;
  }

  public static TestXmpp start(Path dataDir) throws Exception {
    return start(XmppConfig.defaults(DOMAIN, dataDir).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED));
  }

  public static TestXmpp start(XmppConfig config) throws Exception {
    return start(config, ConnectionLimits.defaults());
  }

  public static TestXmpp start(XmppConfig config, ConnectionLimits limits) throws Exception {
    return start(config, new ConnectionAdmission(limits, OpenFiles.ofProcess()));
  }

  /** With the admission of the application's HTTP server and the TCP listener, as in the app. */
  public static TestXmpp start(XmppConfig config, ConnectionAdmission admission) throws Exception {
    Vertx vertx = Vertx.vertx();
    XmppServer server = new XmppServer(vertx, config, admission);
    // Two TCP listeners on two loops, as on a two-core machine: every TCP test crosses both.
    server.start(2).await(20, TimeUnit.SECONDS);
    // The HTTP transports live on an HTTP server of the embedding application; here, a bare one.
    var router = io.vertx.ext.web.Router.router(vertx);
    dev.livedrop.xmpp.transport.http.XmppHttp.mount(router, vertx, server.sessionContext());
    var http = new HttpAdmission(vertx, admission).guard(vertx.createHttpServer(
            dev.livedrop.xmpp.transport.http.XmppHttp.configure(new io.vertx.core.http.HttpServerOptions()
                .setHost("127.0.0.1").setPort(0).setHttp2ClearTextEnabled(false))), router)
        .listen().await(20, TimeUnit.SECONDS);
    return new TestXmpp(vertx, server, http.actualPort());
  }

  /** Trusts the server's self-signed certificate; these tests are about XMPP, not PKI. */
  public static final X509TrustManager TRUST_ALL = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };

  public XMPPTCPConnectionConfiguration.Builder tcp() throws Exception {
    return XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(DOMAIN)
        .setHost("127.0.0.1")
        .setPort(server.tcpPort())
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(TRUST_ALL)
        .setHostnameVerifier((h, s) -> true)
        .setConnectTimeout((int) Duration.ofSeconds(10).toMillis())
        .setSendPresence(true);
  }

  /** A logged-in TCP connection using exactly one SASL mechanism. */
  public XMPPTCPConnection login(String user, String password, String mechanism) throws Exception {
    var conn = new XMPPTCPConnection(tcp().setUsernameAndPassword(user, password)
        .addEnabledSaslMechanism(mechanism).build());
    conn.connect().login();
    return conn;
  }


  /** A logged-in BOSH connection (smack-bosh). */
  public org.jivesoftware.smack.bosh.XMPPBOSHConnection bosh(String user, String password) throws Exception {
    var b = org.jivesoftware.smack.bosh.BOSHConfiguration.builder()
        .setUseHttps(false).setHost("localhost").setPort(httpPort).setFile("/http-bind")
        .setXmppDomain(DOMAIN).setSecurityMode(SecurityMode.disabled);
    if (user == null) b.performSaslAnonymousAuthentication();
    else b.setUsernameAndPassword(user, password);
    var c = new org.jivesoftware.smack.bosh.XMPPBOSHConnection(b.build());
    c.connect().login();
    return c;
  }

  /** A logged-in RFC 7395 WebSocket connection (Smack's modular connection). */
  public org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection websocket(String user, String password)
      throws Exception {
    var b = org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration.builder();
    b.removeAllModules();
    b.addModule(org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor.getBuilder(b)
        .explicitlySetWebSocketEndpoint(java.net.URI.create("ws://127.0.0.1:" + httpPort + "/xmpp-websocket")).build());
    b.setXmppDomain(DOMAIN).setSecurityMode(SecurityMode.disabled);
    if (user == null) b.performSaslAnonymousAuthentication();
    else b.setUsernameAndPassword(user, password);
    var c = new org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection(b.build());
    c.connect().login();
    return c;
  }

  /**
   * Waits until the user has a resource that sent initial presence: Smack sends it just after
   * login, and messages to a bare JID go only to available resources (RFC 6121 §8.5.2).
   */
  public void awaitAvailable(String localpart) throws InterruptedException {
    String bare = localpart + "@" + DOMAIN;
    for (int i = 0; i < 100; i++) {
      if (server.router().resources(bare).stream().anyMatch(dev.livedrop.xmpp.router.Delivery::available)) return;
      Thread.sleep(50);
    }
    throw new AssertionError(bare + " never became available");
  }

  @Override
  public void close() {
    server.close();
    vertx.close().await();
  }
}
