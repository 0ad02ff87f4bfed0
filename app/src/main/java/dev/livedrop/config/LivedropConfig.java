package dev.livedrop.config;

import dev.livedrop.drops.Expiry;
import dev.livedrop.storage.blob.S3Settings;
import dev.livedrop.xmpp.transport.admission.ConnectionLimits;
import dev.livedrop.xmpp.transport.admission.FdReserve;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything an operator can set, read once at start from environment variables.
 * Each setting, its variable and its default are listed in README.md.
 */
public record LivedropConfig(
    String httpHost,
    int httpPort,
    Path dataDir,
    String publicUrl,
    long maxFileSize,
    long maxDropSize,
    Expiry maxExpiry,
    int maxNoteLength,
    Duration guestTokenTtl,
    Duration adminTokenTtl,
    Duration sweepInterval,
    Duration blobGcGrace,
    int passwordAttempts,
    Duration passwordAttemptWindow,
    int nameProbes,
    Duration nameProbeWindow,
    int httpMaxHeaderSize,
    String netTransport,
    int eventLoops,
    int jitNice,
    int roomArchiveMax,
    Xmpp xmpp,
    ConnectionLimits connections,
    Database database,
    BlobStorage blobStorage) {

  /**
   * The embedded XMPP server. TLS on TCP is required by default: plain-text logins over a network
   * are what STARTTLS exists to prevent; "optional" is for tests and trusted networks. SASL
   * ANONYMOUS is off by default: drop rooms admit only ticket holders anyway, and an anonymous
   * login is a free foothold for anything else on the server.
   */
  public record Xmpp(String domain, int port, boolean tlsRequired, Path certificatePem, Path privateKeyPem,
      boolean registration, java.util.List<String> corsOrigins, boolean userRooms, int maxUsersPresence,
      boolean anonymous) {}

  /**
   * The metadata database: SQLite under the data dir unless a PostgreSQL URL is given, which
   * several nodes may share (decision 0017).
   */
  public record Database(String url, String user, String password, int poolSize) {
    public boolean postgresql() {
      return url != null;
    }
  }

  /** Where file content lives: {@code disk} under the data dir, or {@code s3} (then {@link #s3} is set). */
  public record BlobStorage(String kind, S3Settings s3) {}

  public static final long KIB = 1024, MIB = 1024 * KIB, GIB = 1024 * MIB;

  public static LivedropConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static LivedropConfig from(Map<String, String> env) {
    var reader = new EnvReader(env);
    int port = reader.integer("LIVEDROP_HTTP_PORT", 8080);
    String host = reader.string("LIVEDROP_HTTP_HOST", "0.0.0.0");
    String publicUrl = reader.string("LIVEDROP_PUBLIC_URL", "http://localhost:" + (port == 0 ? 8080 : port));
    return new LivedropConfig(
        host,
        port,
        Path.of(reader.string("LIVEDROP_DATA_DIR", "./data")),
        stripTrailingSlash(publicUrl),
        reader.size("LIVEDROP_MAX_FILE_SIZE", 4 * GIB),
        reader.size("LIVEDROP_MAX_DROP_SIZE", 10 * GIB),
        reader.expiry("LIVEDROP_MAX_EXPIRY", Expiry.NEVER),
        reader.integer("LIVEDROP_MAX_NOTE_LENGTH", 100_000),
        reader.duration("LIVEDROP_GUEST_TOKEN_TTL", Duration.ofDays(7)),
        reader.duration("LIVEDROP_ADMIN_TOKEN_TTL", Duration.ofDays(30)),
        reader.duration("LIVEDROP_SWEEP_INTERVAL", Duration.ofSeconds(30)),
        reader.duration("LIVEDROP_BLOB_GC_GRACE", Duration.ofMinutes(2)),
        reader.integer("LIVEDROP_PASSWORD_ATTEMPTS", 5),
        reader.duration("LIVEDROP_PASSWORD_ATTEMPT_WINDOW", Duration.ofMinutes(1)),
        reader.integerIn("LIVEDROP_NAME_PROBES", 30, 0, 1_000_000),
        reader.duration("LIVEDROP_NAME_PROBE_WINDOW", Duration.ofMinutes(1)),
        (int) Math.min(Integer.MAX_VALUE, reader.size("LIVEDROP_HTTP_MAX_HEADER_SIZE", 64 * KIB)),
        reader.choice("LIVEDROP_NET_TRANSPORT", "auto", java.util.List.of("auto", "nio", "epoll")),
        reader.positiveInteger("LIVEDROP_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()),
        reader.integerIn("LIVEDROP_JIT_NICE", 10, 0, 19),
        reader.positiveInteger("LIVEDROP_ROOM_ARCHIVE_MAX", 10_000),
        new Xmpp(
            reader.string("LIVEDROP_XMPP_DOMAIN", hostOf(publicUrl)),
            reader.integer("LIVEDROP_XMPP_PORT", 5222),
            reader.choice("LIVEDROP_XMPP_TLS", "required", java.util.List.of("required", "optional")).equals("required"),
            optionalPath(reader.string("LIVEDROP_XMPP_CERT", null)),
            optionalPath(reader.string("LIVEDROP_XMPP_KEY", null)),
            reader.bool("LIVEDROP_XMPP_REGISTRATION", false),
            reader.list("LIVEDROP_XMPP_CORS_ORIGINS"),
            reader.bool("LIVEDROP_XMPP_USER_ROOMS", false),
            reader.integer("LIVEDROP_XMPP_MAX_USERS_PRESENCE", 500),
            reader.bool("LIVEDROP_XMPP_ANONYMOUS", false)),
        connectionLimits(reader),
        database(reader),
        blobStorage(reader));
  }

  private static BlobStorage blobStorage(EnvReader reader) {
    String kind = reader.choice("LIVEDROP_BLOB_STORE", "disk", java.util.List.of("disk", "s3"));
    return new BlobStorage(kind, kind.equals("s3") ? S3Variables.read(reader) : null);
  }

  private static Database database(EnvReader reader) {
    String url = reader.string("LIVEDROP_DATABASE_URL", null);
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("LIVEDROP_DATABASE_URL must be a jdbc:postgresql:// URL (SQLite needs none)");
    }
    return new Database(url, reader.string("LIVEDROP_DATABASE_USER", null),
        reader.string("LIVEDROP_DATABASE_PASSWORD", null), reader.integerIn("LIVEDROP_DATABASE_POOL_SIZE", 16, 1, 1000));
  }

  private static ConnectionLimits connectionLimits(EnvReader reader) {
    var d = ConnectionLimits.defaults();
    return new ConnectionLimits(
        reader.integerIn("LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS", d.maxPerAddress(), 0, Integer.MAX_VALUE),
        reader.duration("LIVEDROP_XMPP_AUTH_TIMEOUT", d.authTimeout()),
        reader.duration("LIVEDROP_HTTP_FIRST_REQUEST_TIMEOUT", d.firstRequestTimeout()),
        reader.parsed("LIVEDROP_FD_RESERVE", d.fdReserve(), FdReserve::parse, "a number of files or a percentage, such as 300 or 5%"));
  }

  private static Path optionalPath(String p) {
    return p == null ? null : Path.of(p);
  }

  private static String hostOf(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host == null ? "localhost" : host;
    } catch (IllegalArgumentException e) {
      return "localhost";
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
