package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of Debian's ejabberd, run by a test: its own config, Mnesia spool and logs in a temp
 * dir, its own node name, c2s (no TLS) and HTTP (BOSH at /bosh, WebSocket at /ws) on free loopback
 * ports. {@link #stop} and {@link #start} keep the spool and ports, so a restarted node finds its
 * rooms and accounts. Standalone ({@link #start(String, byte[])}) it has its own epmd and cookie;
 * in an {@link EjabberdCluster} it shares the cluster's.
 */
public final class Ejabberd implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final EjabberdSetup setup;
  private final ErlangDistribution dist;
  private final Path dir;
  private final String name;
  private final int c2sPort;
  private final int httpPort;
  // Only a standalone node owns these; a cluster's nodes share the cluster's.
  private final Epmd ownEpmd;
  private final Path ownDir;
  private ServerProcess process;

  private Ejabberd(EjabberdSetup setup, ErlangDistribution dist, Path dir, String name, int c2sPort, int httpPort,
      Epmd ownEpmd, Path ownDir) {
    this.setup = setup;
    this.dist = dist;
    this.dir = dir;
    this.name = name;
    this.c2sPort = c2sPort;
    this.httpPort = httpPort;
    this.ownEpmd = ownEpmd;
    this.ownDir = ownDir;
  }

  /** A standalone node serving {@code domain}, JWTs checked with {@code jwtSecret} (HS256). */
  public static Ejabberd start(String domain, byte[] jwtSecret) {
    return start(EjabberdSetup.of(domain, jwtSecret));
  }

  public static Ejabberd start(EjabberdSetup setup) {
    InstalledServers.assumeEjabberd();
    Path dir = TempDirs.create("livedrop-ejabberd-");
    int[] ports = FreePorts.take(3);
    Epmd epmd = Epmd.start(dir, ports[0]);
    var dist = ErlangDistribution.create(epmd, InstalledServers.ejabberdLibs().orElseThrow());
    var node = new Ejabberd(setup, dist, dir.resolve("node"), "ld1_" + Unique.id(), ports[1], ports[2], epmd, dir);
    try {
      node.launch();
      node.awaitReady();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** A node of a cluster, not started yet; {@code index} only makes its name readable. */
  static Ejabberd inCluster(EjabberdSetup setup, ErlangDistribution dist, Path dir, int index, int c2sPort,
      int httpPort) {
    return new Ejabberd(setup, dist, dir, "ld" + index + "_" + Unique.id(), c2sPort, httpPort, null, null);
  }

  /** Starts the VM without waiting for it to serve (see {@link #awaitReady}). */
  synchronized void launch() {
    if (process != null && process.alive()) throw new IllegalStateException(name + " already runs");
    try {
      Files.createDirectories(dir.resolve("spool"));
      Files.createDirectories(dir.resolve("log"));
      Path jwk = dir.resolve("jwt.jwk");
      Files.writeString(jwk, setup.jwk());
      Files.writeString(dir.resolve("ejabberd.yml"), EjabberdYml.render(setup, c2sPort, httpPort, jwk));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // As Debian's ejabberdctl starts a node (ERL_LIBS, -mnesia dir, -s ejabberd), on our epmd.
    List<String> command = new ArrayList<>(dist.erl(name));
    command.addAll(List.of("-noinput", "-noshell", "+K", "true",
        "-mnesia", "dir", "\"" + dir.resolve("spool") + "\"",
        "-ejabberd", "log_rotate_count", "0",
        "-s", "ejabberd"));
    Map<String, String> env = new HashMap<>(dist.env(dir));
    env.put("EJABBERD_CONFIG_PATH", dir.resolve("ejabberd.yml").toString());
    env.put("EJABBERD_LOG_PATH", dir.resolve("log/ejabberd.log").toString());
    env.put("ERL_CRASH_DUMP", dir.resolve("log/erl_crash.dump").toString());
    process = ServerProcess.start("ejabberd " + name, command, env, dir.resolve("spool"), dir.resolve("log/console.log"));
  }

  /** Waits (at most 60 s) until c2s and BOSH answer; fails with the log tail. */
  void awaitReady() {
    Readiness.await(process, setup.domain(), c2sPort, boshUrl(), this::logTail);
  }

  /** Starts a stopped node again with the same spool, ports and name, and waits until it serves. */
  public synchronized void start() {
    launch();
    awaitReady();
  }

  /** Stops the node cleanly (SIGTERM: the VM runs init:stop), killing it if it takes over 15 s. */
  public synchronized void stop() {
    if (process != null) process.stop(STOP_GRACE);
  }

  public void restart() {
    stop();
    start();
  }

  public synchronized boolean running() {
    return process != null && process.alive();
  }

  /** Registers an internal (Mnesia) account, e.g. the service account. */
  public void registerUser(String localpart, String password) {
    ctl("register", localpart, setup.domain(), password);
  }

  /** Runs an ejabberdctl command on this node and returns its output. */
  public String ctl(String... args) {
    return EjabberdCtl.run(dist, dir, nodeName(), args);
  }

  public String nodeName() {
    return name + "@" + ErlangDistribution.HOST;
  }

  public EjabberdSetup setup() {
    return setup;
  }

  public String domain() {
    return setup.domain();
  }

  public String mucDomain() {
    return setup.mucDomain();
  }

  public int c2sPort() {
    return c2sPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public URI boshUrl() {
    return URI.create("http://127.0.0.1:" + httpPort + "/bosh");
  }

  public URI websocketUrl() {
    return URI.create("ws://127.0.0.1:" + httpPort + "/ws");
  }

  public String logTail() {
    return LogTail.of(40, dir.resolve("log/console.log"), dir.resolve("log/ejabberd.log"));
  }

  /** The node's OS processes (the VM and its helpers) and, standalone, its epmd: for leak checks. */
  synchronized List<ProcessHandle> processes() {
    var all = new ArrayList<ProcessHandle>();
    if (process != null) all.addAll(process.handles());
    if (ownEpmd != null) all.addAll(ownEpmd.handles());
    return all;
  }

  @Override
  public void close() {
    stop();
    if (ownEpmd != null) ownEpmd.close();
    if (ownDir != null) TempDirs.delete(ownDir);
  }
}
