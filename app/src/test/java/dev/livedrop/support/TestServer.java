package dev.livedrop.support;

import dev.livedrop.LivedropApp;
import dev.livedrop.config.LivedropConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real livedrop server on a random loopback port with its own data dir, for one test class. */
public final class TestServer implements AutoCloseable {
  public final LivedropApp app;
  public final Path dataDir;
  public final MutableClock clock;
  public final Api api;

  private TestServer(LivedropApp app, Path dataDir, MutableClock clock) {
    this.app = app;
    this.dataDir = dataDir;
    this.clock = clock;
    this.api = new Api("http://127.0.0.1:" + app.port());
  }

  public static TestServer start(Path dataDir) throws Exception {
    return start(dataDir, Map.of());
  }

  /** {@code env} overrides the test defaults, as environment variables would. */
  public static TestServer start(Path dataDir, Map<String, String> env) throws Exception {
    var all = new HashMap<String, String>();
    all.put("LIVEDROP_HTTP_PORT", "0");
    all.put("LIVEDROP_HTTP_HOST", "127.0.0.1");
    all.put("LIVEDROP_DATA_DIR", dataDir.toString());
    all.put("LIVEDROP_SWEEP_INTERVAL", "1h");
    all.put("LIVEDROP_BLOB_GC_GRACE", "0s");
    all.put("LIVEDROP_XMPP_PORT", "0");
    all.put("LIVEDROP_XMPP_DOMAIN", "drops.test");
    all.putAll(env);
    var clock = new MutableClock();
    return new TestServer(LivedropApp.start(LivedropConfig.from(all), clock), dataDir, clock);
  }

  /**
   * On a fresh database of the test JVM's PostgreSQL server ({@link Postgres#shared}); skipped
   * where PostgreSQL is not installed.
   */
  public static TestServer startOnPostgres(Path dataDir, Map<String, String> env) throws Exception {
    return startOn(Postgres.shared().newDatabase(), dataDir, env);
  }

  /** Another node on the same PostgreSQL database ({@code url}). */
  public static TestServer startOn(String url, Path dataDir, Map<String, String> env) throws Exception {
    var all = new HashMap<>(env);
    all.putAll(Postgres.env(url));
    return start(dataDir, all);
  }

  public String base() {
    return api.base();
  }

  /** Files waiting in the staging area: an upload that failed must leave none. */
  public long stagingFiles() throws IOException {
    return countFiles(dataDir.resolve("tmp"));
  }

  /** Stored content files (one per distinct content). */
  public long blobFiles() throws IOException {
    return countFiles(dataDir.resolve("blobs"));
  }

  private static long countFiles(Path dir) throws IOException {
    // A file the server removes while the walk visits it is one fewer, not an error: walk again.
    for (int attempt = 0; ; attempt++) {
      if (!Files.exists(dir)) return 0;
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).count();
      } catch (java.io.UncheckedIOException e) {
        if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) throw e;
      }
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
