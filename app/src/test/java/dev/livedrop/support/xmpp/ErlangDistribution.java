package dev.livedrop.support.xmpp;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * How the Erlang VMs of one ejabberd cluster (and the hidden nodes that run admin commands on it)
 * find and trust each other: a private epmd on its own port, one cookie, distribution bound to
 * loopback. Node names are {@code <name>@localhost}, as Debian's ejabberdctl names its node.
 */
record ErlangDistribution(Epmd epmd, String cookie, Path erlLibs) {
  static final String HOST = "localhost";

  static ErlangDistribution create(Epmd epmd, Path erlLibs) {
    var random = new SecureRandom();
    var cookie = new StringBuilder();
    for (int i = 0; i < 24; i++) cookie.append((char) ('A' + random.nextInt(26)));
    return new ErlangDistribution(epmd, cookie.toString(), erlLibs);
  }

  /** The command that starts an Erlang VM as a node of this distribution; {@code name} without the host. */
  List<String> erl(String name) {
    return List.of(InstalledServers.ERL.toString(), "-sname", name + "@" + HOST, "-setcookie", cookie,
        // Never start a shared epmd: a node without ours running must fail, not spawn a daemon
        // that outlives the tests.
        "-start_epmd", "false",
        "-kernel", "inet_dist_use_interface", "{127,0,0,1}");
  }

  /** {@code home} also takes the VM's HOME, so no ~/.erlang.cookie of the user is read or written. */
  Map<String, String> env(Path home) {
    return Map.of(
        "ERL_EPMD_PORT", Integer.toString(epmd.port()),
        "ERL_EPMD_ADDRESS", "127.0.0.1",
        "ERL_LIBS", erlLibs.toString(),
        "HOME", home.toString(),
        "ERL_CRASH_DUMP_BYTES", "0");
  }
}
