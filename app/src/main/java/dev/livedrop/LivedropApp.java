package dev.livedrop;

import dev.livedrop.access.AccessService;
import dev.livedrop.access.AccessTokens;
import dev.livedrop.access.AttemptThrottle;
import dev.livedrop.access.InMemoryAttemptThrottle;
import dev.livedrop.access.InMemoryNameProbeLimiter;
import dev.livedrop.access.NameProbeLimiter;
import dev.livedrop.access.Pbkdf2SecretHasher;
import dev.livedrop.api.HttpApi;
import dev.livedrop.api.Services;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetService;
import dev.livedrop.drops.CommentService;
import dev.livedrop.drops.ContentHooks;
import dev.livedrop.drops.DropLimits;
import dev.livedrop.drops.DropService;
import dev.livedrop.media.MediaTypes;
import dev.livedrop.realtime.LiveSessions;
import dev.livedrop.realtime.Realtime;
import dev.livedrop.media.Thumbnailer;
import dev.livedrop.storage.blob.BlobStore;
import dev.livedrop.storage.blob.BlobStores;
import dev.livedrop.cluster.Leases;
import dev.livedrop.media.ThumbnailBacklog;
import dev.livedrop.storage.jdbc.AdvisoryLeases;
import dev.livedrop.storage.jdbc.ChangeNotifications;
import dev.livedrop.storage.jdbc.Database;
import dev.livedrop.storage.jdbc.JdbcAttemptThrottle;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import dev.livedrop.storage.jdbc.JdbcNameProbeLimiter;
import dev.livedrop.storage.jdbc.SharedKeys;
import dev.livedrop.storage.jdbc.JdbcRoomArchive;
import dev.livedrop.sweeper.BlobSweeper;
import dev.livedrop.sweeper.Sweeper;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.XmppServer;
import dev.livedrop.xmpp.transport.ServerInstances;
import dev.livedrop.xmpp.transport.admission.HttpAdmission;
import dev.livedrop.xmpp.transport.admission.Refusal;
import dev.livedrop.xmpp.transport.http.XmppHttp;
import dev.livedrop.xmpp.transport.NetTransports;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded deployment, assembled: SQLite and local disk under the data dir, the domain
 * services, the sweeper and the HTTP server, in one JVM. Closing it stops them in reverse.
 */
public final class LivedropApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivedropApp.class);
  private static final int PASSWORD_HASH_ITERATIONS = 210_000;

  private final LivedropConfig config;
  private final Database database;
  private final Vertx vertx;
  private final List<HttpServer> http;
  private final XmppServer xmpp;
  private final Realtime realtime;
  private final Sweeper sweeper;
  private final BlobSweeper blobSweeper;
  private final Thumbnailer thumbnailer;
  private final Services services;
  private final JdbcRoomArchive roomArchive;
  private final AutoCloseable notifications;
  private final Leases leases;
  private final ThumbnailBacklog thumbnailBacklog;
  private final BlobStore blobs;

  private LivedropApp(LivedropConfig config, Database database, Vertx vertx, List<HttpServer> http, XmppServer xmpp,
      Realtime realtime, Sweeper sweeper, BlobSweeper blobSweeper, Thumbnailer thumbnailer, Services services,
      JdbcRoomArchive roomArchive, AutoCloseable notifications, Leases leases, ThumbnailBacklog thumbnailBacklog,
      BlobStore blobs) {
    this.notifications = notifications;
    this.leases = leases;
    this.thumbnailBacklog = thumbnailBacklog;
    this.blobs = blobs;
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.http = http;
    this.xmpp = xmpp;
    this.realtime = realtime;
    this.sweeper = sweeper;
    this.blobSweeper = blobSweeper;
    this.thumbnailer = thumbnailer;
    this.services = services;
    this.roomArchive = roomArchive;
  }

  public static LivedropApp start(LivedropConfig config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /** With a clock of the caller's: tests move time forward to expire drops and tokens. */
  public static LivedropApp start(LivedropConfig config, Clock clock) throws Exception {
    Files.createDirectories(config.dataDir());
    Database database = openDatabase(config);
    // What has started so far, stopped newest first if a later step fails (a port taken, say), so
    // a failed start leaves no listener, thread or event loop behind in the calling process.
    var started = new ArrayDeque<AutoCloseable>();
    try {
      var store = new JdbcDropStore(database.dataSource(), database.dialect());
      var blobs = BlobStores.open(config.blobStorage().s3(), config.dataDir());
      started.push(blobs::close);
      int stale = blobs.clearStaging();
      if (stale > 0) log.info("removed {} unfinished uploads left by the previous run", stale);

      var limits = new DropLimits(config.maxFileSize(), config.maxDropSize(), config.maxExpiry(), config.maxNoteLength());
      var hasher = new Pbkdf2SecretHasher(PASSWORD_HASH_ITERATIONS);
      // File times are the file system's, so the grace period is measured on the real clock.
      var blobSweeper = new BlobSweeper(store, blobs, Clock.systemUTC(), config.blobGcGrace());
      var assetsRef = new AssetService[1];
      var thumbnailer = new Thumbnailer(blobs, () -> assetsRef[0]);
      started.push(thumbnailer::close);
      ContentHooks hooks = new ContentHooks() {
        @Override
        public void filesAdded(List<Asset> assets) {
          thumbnailer.enqueue(assets);
        }

        @Override
        public void contentReleased(List<String> sha256s) {
          // Marked as candidates in the same transaction; the sweeper's next pass removes them.
        }
      };
      var drops = new DropService(store, clock, limits, hasher, hooks::contentReleased);
      var assets = new AssetService(store, clock, limits, MediaTypes::thumbnailable, hooks);
      assetsRef[0] = assets;
      var comments = new CommentService(store, clock);
      // Signs tokens and tickets: one key for every node that shares the database.
      byte[] serverKey = database.dialect().shared() ? SharedKeys.loadOrCreate(database.dataSource(), "token")
          : AccessTokens.loadOrCreateKey(config.dataDir().resolve("token.key"));
      var tokens = new AccessTokens(serverKey, clock);
      // Guess limits every node sees when the database is shared; in memory when it is the node's own.
      boolean shared = database.dialect().shared();
      AttemptThrottle throttle = shared
          ? new JdbcAttemptThrottle(database.dataSource(), config.passwordAttempts(), config.passwordAttemptWindow(), clock)
          : new InMemoryAttemptThrottle(config.passwordAttempts(), config.passwordAttemptWindow(), clock);
      NameProbeLimiter nameProbes = shared
          ? new JdbcNameProbeLimiter(database.dataSource(), config.nameProbes(), config.nameProbeWindow(), Clock.systemUTC())
          : new InMemoryNameProbeLimiter(config.nameProbes(), config.nameProbeWindow(), Clock.systemUTC());
      var access = new AccessService(drops, hasher, tokens, throttle, clock, config.guestTokenTtl(), config.adminTokenTtl());

      var netTransport = NetTransports.choose(config.netTransport());
      log.info("network transport: {}", netTransport.name());
      var vertxOptions = new VertxOptions().setWorkerPoolSize(32).setEventLoopPoolSize(config.eventLoops());
      Vertx vertx = Vertx.builder().with(vertxOptions).withTransport(netTransport).build();
      started.push(() -> vertx.close().await(10, TimeUnit.SECONDS));
      XmppServer xmpp = new XmppServer(vertx, xmppConfig(config), config.connections());
      // The rooms' messages in the database, so that XMPP clients catch up across restarts; plugged
      // in before the server listens, so no room ever archives elsewhere.
      var roomArchive = new JdbcRoomArchive(database.dataSource(), config.roomArchiveMax());
      started.push(roomArchive::close);
      xmpp.muc().useArchive(roomArchive);
      started.push(xmpp::close);
      xmpp.start(config.eventLoops()).await(30, TimeUnit.SECONDS);
      var realtime = Realtime.embedded(xmpp, store, store.changeLog(), drops, serverKey,
          LiveSessions.Endpoints.of(config.publicUrl(), xmpp.tcpPort()), clock);
      started.push(realtime::close);
      realtime.start();
      // Other nodes' commits wake this node's publisher (PostgreSQL only).
      AutoCloseable notifications = ChangeNotifications.listen(database, store.changeLog());
      started.push(notifications);
      var services = new Services(config, drops, assets, comments, access, blobs, new MediaTypes(), thumbnailer,
          store.changeLog(), realtime.sessions(), nameProbes);

      // The jobs that run on one node of those sharing the database (all of them on SQLite).
      Leases leases = AdvisoryLeases.of(database);
      started.push(leases);
      var sweeper = new Sweeper(store, drops, blobSweeper, clock, leases);
      started.push(sweeper::close);
      sweeper.start(config.sweepInterval());
      var thumbnailBacklog = new ThumbnailBacklog(store, thumbnailer, leases, clock);
      started.push(thumbnailBacklog);
      thumbnailBacklog.start(config.sweepInterval());

      var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmGcMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      for (Refusal reason : Refusal.values()) {
        io.micrometer.core.instrument.FunctionCounter.builder("livedrop.connections.refused", xmpp.admission(),
                a -> a.refused(reason))
            .description("New connections closed at once: too many from one address, or too near the open-files limit")
            .tag("reason", reason.tag()).register(metrics);
      }
      io.micrometer.core.instrument.Gauge.builder("livedrop.connections.open", xmpp.admission(), a -> a.open())
          .description("Admitted HTTP and XMPP-over-TCP connections not yet closed").register(metrics);
      dev.livedrop.runtime.XmppServerMetrics.bind(xmpp, metrics);

      var options = XmppHttp.configure(new HttpServerOptions())
          .setHost(config.httpHost())
          .setPort(config.httpPort())
          .setIdleTimeout(300)
          .setIdleTimeoutUnit(TimeUnit.SECONDS)
          .setMaxHeaderSize(config.httpMaxHeaderSize())
          .setDecompressionSupported(false)
          // Handlers on every connection that nobody here uses: decision 0015.
          .setHttp2ClearTextEnabled(false)
          .setPerMessageWebSocketCompressionSupported(false)
          .setPerFrameWebSocketCompressionSupported(false);
      var api = HttpApi.create(vertx, services, blobSweeper, metrics,
          router -> XmppHttp.mount(router, vertx, xmpp.sessionContext()));
      // One address's HTTP and XMPP connections count together against the same limits.
      var admission = new HttpAdmission(vertx, xmpp.admission());
      List<HttpServer> http = ServerInstances.listen(vertx, "HTTP", config.eventLoops(), config.httpHost(), config.httpPort(),
              port -> admission.guard(vertx.createHttpServer(new HttpServerOptions(options).setPort(port)), api).listen())
          .await(30, TimeUnit.SECONDS);
      log.info("livedrop listening on http://{}:{} (public URL {}), XMPP {} on TCP {}, data in {}", config.httpHost(),
          http.get(0).actualPort(), config.publicUrl(), xmpp.config().domain(), xmpp.tcpPort(), config.dataDir().toAbsolutePath());
      return new LivedropApp(config, database, vertx, http, xmpp, realtime, sweeper, blobSweeper, thumbnailer, services,
          roomArchive, notifications, leases, thumbnailBacklog, blobs);
    } catch (Exception | Error e) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception | Error stopping) {
          e.addSuppressed(stopping);
        }
      }
      database.close();
      throw e;
    }
  }

  /** SQLite under the data dir, or the PostgreSQL server the nodes share. */
  /** The deployment's metadata database, as its settings say (the server and livedrop admin alike). */
  public static Database openDatabase(LivedropConfig config) throws java.io.IOException {
    var db = config.database();
    if (!db.postgresql()) return Database.sqlite(config.dataDir().resolve("livedrop.db"));
    log.info("metadata in PostgreSQL at {}", db.url());
    return Database.postgresql(db.url(), db.user(), db.password(), db.poolSize());
  }

  /** The XMPP server's settings (for the app's own xmpp API and tests). */
  static XmppConfig xmppConfig(LivedropConfig config) {
    var x = config.xmpp();
    return XmppConfig.defaults(x.domain(), config.dataDir())
        .withTcp(config.httpHost(), x.port(), x.tlsRequired() ? XmppConfig.TlsMode.REQUIRED : XmppConfig.TlsMode.OPTIONAL)
        .withCertificate(x.certificatePem(), x.privateKeyPem())
        .withRegistration(x.registration())
        .withAnonymous(x.anonymous())
        .withUserRooms(x.userRooms())
        .withMaxUsersPresence(x.maxUsersPresence())
        .withCorsOrigins(x.corsOrigins());
  }

  public XmppServer xmpp() {
    return xmpp;
  }

  public Realtime realtime() {
    return realtime;
  }

  public int port() {
    return http.get(0).actualPort();
  }

  public LivedropConfig config() {
    return config;
  }

  public Services services() {
    return services;
  }

  /** Which of the jobs that run on one node at a time this node holds. */
  public Leases leases() {
    return leases;
  }

  public Sweeper sweeper() {
    return sweeper;
  }

  public BlobSweeper blobSweeper() {
    return blobSweeper;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    try {
      notifications.close();
    } catch (Exception e) {
      log.warn("change notifications did not close cleanly", e);
    }
    realtime.close(); // stop publishing first: what is left is published after the restart
    xmpp.close(); // system-shutdown to every stream first, while the HTTP transports still run
    try {
      Future.all(http.stream().map(HttpServer::close).toList()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not close cleanly", e);
    }
    sweeper.close();
    thumbnailBacklog.close();
    thumbnailer.close();
    leases.close(); // another node takes over the sweeper and the backlog
    roomArchive.close(); // what the rooms broadcast last is written before the database closes
    blobs.close();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly", e);
    }
    database.close();
  }
}
