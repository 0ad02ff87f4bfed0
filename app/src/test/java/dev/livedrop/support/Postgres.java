package dev.livedrop.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's packages (initdb, pg_ctl) on 127.0.0.1, a free port
 * and a temporary directory, with a fresh database per test class. {@link #shared()} is one server
 * for the whole test JVM; {@link #startOwn()} one a test may stop and start again. Every server is
 * stopped by a shutdown hook as well, so none outlives the JVM. As root (as here), the server runs
 * as the unprivileged {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class Postgres implements AutoCloseable {
  private static final String USER = "livedrop";
  private static Postgres shared;
  private final Path dir;
  private final Path bin;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread hook;

  private Postgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.hook = new Thread(this::destroy, "postgres-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** One server for every PostgreSQL test class in this JVM; skipped when PostgreSQL is not installed. */
  public static synchronized Postgres shared() throws Exception {
    if (shared == null) shared = startOwn();
    return shared;
  }

  /** A server of the caller's, to stop and start again; close it in @AfterAll. */
  public static Postgres startOwn() throws Exception {
    Path bin = assumeInstalled();
    Path dir = Files.createTempDirectory("livedrop-pg-");
    var pg = new Postgres(bin, dir, freePort());
    try {
      chownToPostgres(dir);
      pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data().toString(), "-U", USER, "--auth=trust",
          "-E", "UTF8", "--locale=C", "--no-sync"));
      pg.start();
      return pg;
    } catch (Exception | Error e) {
      pg.close();
      throw e;
    }
  }

  /** The newest Debian PostgreSQL's binaries; skips (fails under CI) when there are none. */
  private static Path assumeInstalled() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    Path bin = null;
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
            .orElse(null);
      }
    }
    if (bin == null && System.getenv("CI") != null) {
      fail("/usr/lib/postgresql/*/bin/initdb missing under CI: scripts/ensure-deps test must install postgresql");
    }
    assumeTrue(bin != null, "PostgreSQL tests need Debian's postgresql (/usr/lib/postgresql/*/bin/initdb): "
        + "apt-get install postgresql");
    return bin;
  }

  public void start() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "30", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start"));
  }

  /** Stops the server; the nodes' connections are cut ("fast": sessions are terminated). */
  public void stop() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
  }

  /** A new, empty database on this server; its JDBC URL. */
  public String newDatabase() throws SQLException {
    String name = "t" + databases.incrementAndGet();
    try (var c = DriverManager.getConnection(url("postgres"), USER, "");
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The settings that put a livedrop node on this database. */
  public static Map<String, String> env(String url) {
    return Map.of("LIVEDROP_DATABASE_URL", url, "LIVEDROP_DATABASE_USER", USER);
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(List<String> command) throws Exception {
    var cmd = new ArrayList<String>();
    if (isRoot()) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(command);
    var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("ctl.log").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve("ctl.log"))
          + (Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : ""));
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void chownToPostgres(Path dir) throws Exception {
    if (!isRoot()) return;
    var p = new ProcessBuilder("chown", "postgres:postgres", dir.toString()).inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("chown postgres " + dir + " failed");
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the server at once and removes its directory. */
  private void destroy() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
      }
    } catch (Exception e) {
      System.err.println("stopping PostgreSQL in " + dir + " failed: " + e);
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("removing " + dir + " failed: " + e);
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs destroy() again, which finds nothing left
    }
  }
}
