package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs an ejabberdctl command (register, join_cluster, list_cluster, ...) against one node, the
 * way Debian's ejabberdctl does: a hidden Erlang node calls {@code ejabberd_ctl} with the node's
 * name. Not the script itself: as root it would switch to the ejabberd user, who cannot read the
 * test's directories, and it assumes the system's epmd.
 */
final class EjabberdCtl {
  private static final long TIMEOUT_SECONDS = 60;

  private EjabberdCtl() {}

  /** The command's output; an IllegalStateException with it when the command fails. */
  static String run(ErlangDistribution dist, Path home, String node, String... args) {
    String name = "ctl_" + UUID.randomUUID().toString().substring(0, 8);
    var command = new ArrayList<>(dist.erl(name));
    command.addAll(List.of("-hidden", "-noinput", "-noshell", "-s", "ejabberd_ctl", "-extra", node));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "ctl-", ".out");
      try {
        var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile());
        builder.environment().putAll(dist.env(home));
        Process p = builder.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
          throw new IllegalStateException("ejabberdctl " + String.join(" ", args) + " on " + node
              + " did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(out));
        }
        String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
          throw new IllegalStateException("ejabberdctl " + String.join(" ", args) + " on " + node + " exited with "
              + p.exitValue() + ": " + output);
        }
        return output;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
