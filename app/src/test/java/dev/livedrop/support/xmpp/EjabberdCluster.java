package dev.livedrop.support.xmpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Two ejabberd nodes in one Mnesia cluster, as issue 18's scale-out deployment runs them: one
 * private epmd, one cookie, node 2 joined to node 1 with {@code join_cluster}. Both serve c2s, BOSH
 * and WebSocket for the same domain; accounts, rooms and room membership are cluster-wide. Nodes
 * are numbered 1 and 2, as the issue names them.
 */
public final class EjabberdCluster implements AutoCloseable {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Epmd epmd;
  private final List<Ejabberd> nodes;

  private EjabberdCluster(Path dir, Epmd epmd, List<Ejabberd> nodes) {
    this.dir = dir;
    this.epmd = epmd;
    this.nodes = nodes;
  }

  /** Two nodes serving {@code domain}, JWTs checked with {@code jwtSecret} (HS256). */
  public static EjabberdCluster start(String domain, byte[] jwtSecret) {
    return start(EjabberdSetup.of(domain, jwtSecret));
  }

  public static EjabberdCluster start(EjabberdSetup setup) {
    InstalledServers.assumeEjabberd();
    Path dir = TempDirs.create("livedrop-ejabberd-cluster-");
    // Taken at once: ports taken one after the other may repeat once released.
    int[] ports = FreePorts.take(5);
    Epmd epmd = Epmd.start(dir, ports[0]);
    var dist = ErlangDistribution.create(epmd, InstalledServers.ejabberdLibs().orElseThrow());
    var cluster = new EjabberdCluster(dir, epmd, List.of(
        Ejabberd.inCluster(setup, dist, dir.resolve("node1"), 1, ports[1], ports[2]),
        Ejabberd.inCluster(setup, dist, dir.resolve("node2"), 2, ports[3], ports[4])));
    try {
      // Both VMs boot at once (a few seconds each); node 2 then throws away its fresh Mnesia
      // schema and copies node 1's on join.
      for (Ejabberd node : cluster.nodes) node.launch();
      for (Ejabberd node : cluster.nodes) node.awaitReady();
      cluster.join();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void join() {
    Ejabberd first = node(1);
    Ejabberd second = node(2);
    second.ctl("join_cluster", first.nodeName());
    // join_cluster restarts ejabberd on the joining node; it serves again once both list it.
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    String members = "";
    while (System.nanoTime() < deadline) {
      members = first.ctl("list_cluster");
      if (members.contains(first.nodeName()) && members.contains(second.nodeName())) {
        second.awaitReady();
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException("list_cluster on " + first.nodeName() + " still says '" + members + "' "
        + JOIN_TIMEOUT.toSeconds() + " s after join_cluster\n" + second.logTail());
  }

  /** Node 1 or 2. */
  public Ejabberd node(int number) {
    if (number < 1 || number > nodes.size()) throw new IllegalArgumentException("no node " + number);
    return nodes.get(number - 1);
  }

  /** The node names {@code list_cluster} reports, asked of the first running node. */
  public List<String> members() {
    return runningNode().ctl("list_cluster").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** Registers an internal account cluster-wide (through whichever node runs). */
  public void registerUser(String localpart, String password) {
    runningNode().registerUser(localpart, password);
  }

  /** Stops node {@code number} cleanly and starts it again on the same spool and ports. */
  public void restart(int number) {
    node(number).restart();
  }

  public EjabberdSetup setup() {
    return nodes.get(0).setup();
  }

  public String domain() {
    return setup().domain();
  }

  public String mucDomain() {
    return setup().mucDomain();
  }

  private Ejabberd runningNode() {
    return nodes.stream().filter(Ejabberd::running).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster runs"));
  }

  /** Stops node 2, then node 1 (each cleanly), then the cluster's epmd; deletes the temp dir. */
  @Override
  public void close() {
    for (int i = nodes.size(); i >= 1; i--) node(i).stop();
    epmd.close();
    TempDirs.delete(dir);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
