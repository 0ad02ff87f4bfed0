package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prosody run by a test: config, data, pid file and logs in a temp dir, c2s (no TLS) and
 * HTTP (BOSH at /http-bind, WebSocket at /xmpp-websocket) on free loopback ports, MUC at
 * {@code conference.<domain>}. Accounts are internal, registered with prosodyctl; the service
 * account ({@link #SERVICE_USER}) is admin. {@link #stop} and {@link #start} keep the data and
 * ports.
 */
public final class Prosody implements AutoCloseable {
  public static final String SERVICE_USER = "livedrop";
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String domain;
  private final Path dir;
  private final int c2sPort;
  private final int httpPort;
  private ServerProcess process;

  private Prosody(String domain, Path dir, int c2sPort, int httpPort) {
    this.domain = domain;
    this.dir = dir;
    this.c2sPort = c2sPort;
    this.httpPort = httpPort;
  }

  public static Prosody start(String domain) {
    InstalledServers.assumeProsody();
    int[] ports = FreePorts.take(2);
    var prosody = new Prosody(domain, TempDirs.create("livedrop-prosody-"), ports[0], ports[1]);
    try {
      for (String sub : List.of("data", "log", "certs")) Files.createDirectories(prosody.dir.resolve(sub));
      Files.writeString(prosody.config(),
          ProsodyConfig.render(domain, SERVICE_USER + "@" + domain, ports[0], ports[1], prosody.dir));
      prosody.start();
      return prosody;
    } catch (IOException e) {
      prosody.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      prosody.close();
      throw e;
    }
  }

  /** Starts a stopped instance again on the same data and ports, and waits until it serves. */
  public synchronized void start() {
    if (process != null && process.alive()) throw new IllegalStateException("prosody already runs in " + dir);
    process = ServerProcess.start("prosody " + domain,
        List.of(InstalledServers.PROSODY.toString(), "-F", "--config", config().toString()),
        Map.of(), dir, dir.resolve("log/console.log"));
    Readiness.await(process, domain, c2sPort, boshUrl(), this::logTail);
  }

  public synchronized void stop() {
    if (process != null) process.stop(STOP_GRACE);
  }

  public void restart() {
    stop();
    start();
  }

  /**
   * An internal account, written by prosodyctl into the data dir (file storage, which the running
   * server reads at each login).
   */
  public void registerUser(String localpart, String password) {
    try {
      var builder = new ProcessBuilder(InstalledServers.PROSODYCTL.toString(), "--config", config().toString(),
          "register", localpart, domain, password).directory(dir.toFile()).redirectErrorStream(true);
      Process p = builder.start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("prosodyctl register " + localpart + " did not finish within 30 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new IllegalStateException("prosodyctl register " + localpart + " exited with " + p.exitValue() + ": " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String domain() {
    return domain;
  }

  public String mucDomain() {
    return "conference." + domain;
  }

  public String serviceJid() {
    return SERVICE_USER + "@" + domain;
  }

  public int c2sPort() {
    return c2sPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public URI boshUrl() {
    return URI.create("http://127.0.0.1:" + httpPort + "/http-bind");
  }

  public URI websocketUrl() {
    return URI.create("ws://127.0.0.1:" + httpPort + "/xmpp-websocket");
  }

  public String logTail() {
    return LogTail.of(40, dir.resolve("log/console.log"), dir.resolve("log/prosody.log"));
  }

  /** Prosody's OS processes, for leak checks. */
  synchronized List<ProcessHandle> processes() {
    return process == null ? List.of() : process.handles();
  }

  @Override
  public void close() {
    stop();
    TempDirs.delete(dir);
  }

  private Path config() {
    return dir.resolve("prosody.cfg.lua");
  }
}
