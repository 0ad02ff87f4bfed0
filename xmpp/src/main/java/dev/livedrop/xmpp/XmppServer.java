package dev.livedrop.xmpp;

import dev.livedrop.xmpp.muc.MucService;
import dev.livedrop.xmpp.router.Component;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.sasl.AccountStore;
import dev.livedrop.xmpp.sasl.Authenticator;
import dev.livedrop.xmpp.sasl.SaslMechanisms;
import dev.livedrop.xmpp.services.Ping;
import dev.livedrop.xmpp.services.Registration;
import dev.livedrop.xmpp.services.ServerDisco;
import dev.livedrop.xmpp.services.SoftwareVersion;
import dev.livedrop.xmpp.services.roster.RosterService;
import dev.livedrop.xmpp.stream.AuthThrottle;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.Sessions;
import dev.livedrop.xmpp.transport.admission.ConnectionAdmission;
import dev.livedrop.xmpp.transport.admission.ConnectionLimits;
import dev.livedrop.xmpp.transport.admission.OpenFiles;
import dev.livedrop.xmpp.transport.tcp.TcpListener;
import dev.livedrop.xmpp.transport.tcp.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The embedded XMPP server, and the small in-process API the application uses: it knows nothing
 * about drops. Start it, plug in an authenticator, add components; HTTP transports (BOSH,
 * WebSocket) are mounted on the application's HTTP server.
 */
public final class XmppServer implements AutoCloseable {
  public static final String VERSION = "0.1";
  private final Vertx vertx;
  private final XmppConfig config;
  private final Router router;
  private final Sessions sessions = new Sessions();
  private final SaslMechanisms sasl;
  private final AccountStore accounts;
  private final SessionContext context;
  private final MucService muc;
  private final ConnectionAdmission admission;
  private TcpListener tcp;
  private long idleTimer = -1;
  private int tcpPort = -1;

  public XmppServer(Vertx vertx, XmppConfig config) {
    this(vertx, config, ConnectionLimits.defaults());
  }

  public XmppServer(Vertx vertx, XmppConfig config, ConnectionLimits limits) {
    this(vertx, config, new ConnectionAdmission(limits, OpenFiles.ofProcess()));
  }

  /**
   * With the admission every listener shares: the application's HTTP server takes it from
   * {@link #admission()}, so one address's HTTP and XMPP connections count together.
   */
  public XmppServer(Vertx vertx, XmppConfig config, ConnectionAdmission admission) {
    this.vertx = vertx;
    this.config = config;
    this.admission = admission;
    this.router = new Router(config.domain());
    this.accounts = new AccountStore(config.dataDir() == null ? null : config.dataDir().resolve("accounts.tsv"));
    this.sasl = new SaslMechanisms(accounts, config.allowAnonymous());
    this.context = new SessionContext(config, router, sasl, new AuthThrottle(5, 60_000), sessions,
        new Registration(accounts, config.domain()), admission.limits().authTimeout());
    var disco = new ServerDisco(router);
    router.addIqHandler(disco.info());
    router.addIqHandler(disco.items());
    router.addIqHandler(new Ping(config.domain()));
    router.addIqHandler(new SoftwareVersion(config.domain(), VERSION));
    var rosters = new RosterService(router, accounts, config.dataDir() == null ? null : config.dataDir().resolve("rosters"),
        config.maxRosterItems());
    router.addIqHandler(rosters.queries());
    router.setPresenceHandler(rosters);
    this.muc = new MucService(config.mucDomain(), router, config.allowUserRooms(), config.maxUsersPresence());
    router.addComponent(muc);
  }

  /** The multi-user chat service, {@code rooms.{domain}}: the application creates rooms here. */
  public MucService muc() {
    return muc;
  }

  /** Starts the TCP listener on one event loop, and the idle checker. */
  public Future<XmppServer> start() {
    return start(1);
  }

  /** Starts the TCP listener with one instance on each of {@code tcpListeners} event loops, and the idle checker. */
  public Future<XmppServer> start(int tcpListeners) {
    TlsMaterial tls;
    try {
      tls = TlsMaterial.loadOrCreate(config.certificatePem(), config.privateKeyPem(), config.dataDir(), config.domain());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    admission.start(vertx);
    tcp = new TcpListener(vertx, context, tls, admission);
    // Each session is looked at once a round; the round is split into slots of about a second.
    long round = Math.max(1000, Math.min(config.pingAfter().toMillis(), config.idleTimeout().toMillis()) / 4);
    int slots = (int) (round / 1000);
    long[] tick = {0};
    idleTimer = vertx.setPeriodic(round / slots, t -> sessions.checkIdle(System.currentTimeMillis(),
        config.pingAfter().toMillis(), config.idleTimeout().toMillis(), tick[0]++, slots));
    return tcp.listen(tcpListeners).map(port -> {
      tcpPort = port;
      return this;
    });
  }

  /** Who may connect: shared by the TCP listener and the application's HTTP server. */
  public ConnectionAdmission admission() {
    return admission;
  }

  public int tcpPort() {
    return tcpPort;
  }

  public XmppConfig config() {
    return config;
  }

  public Router router() {
    return router;
  }

  public SessionContext sessionContext() {
    return context;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Sessions sessions() {
    return sessions;
  }

  public AccountStore accounts() {
    return accounts;
  }

  /** The application's own logins (a drop viewer's token), checked by PLAIN before accounts. */
  public void addAuthenticator(Authenticator authenticator) {
    sasl.addAuthenticator(authenticator);
  }

  public void addComponent(Component component) {
    router.addComponent(component);
  }

  /** Tells every stream the server is going away (system-shutdown), then stops listening. */
  @Override
  public void close() {
    if (idleTimer >= 0) vertx.cancelTimer(idleTimer);
    admission.stop(vertx);
    sessions.shutdownAll();
    if (tcp != null) {
      try {
        tcp.close().await(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // closing anyway
      }
    }
  }
}
