package dev.livedrop.config;

import dev.livedrop.drops.Expiry;
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
    Duration passwordAttemptWindow) {

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
        reader.duration("LIVEDROP_PASSWORD_ATTEMPT_WINDOW", Duration.ofMinutes(1)));
  }

  /** The same settings with another data dir and port; tests start many servers side by side. */
  public LivedropConfig withDataDirAndPort(Path dir, int port) {
    return new LivedropConfig(httpHost, port, dir, publicUrl, maxFileSize, maxDropSize, maxExpiry,
        maxNoteLength, guestTokenTtl, adminTokenTtl, sweepInterval, blobGcGrace, passwordAttempts,
        passwordAttemptWindow);
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
