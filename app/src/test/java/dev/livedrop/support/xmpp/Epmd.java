package dev.livedrop.support.xmpp;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A private Erlang port mapper on a free loopback port, started in the foreground so that it is
 * our child and dies with the cluster. The system's epmd (port 4369), if any, is never used or
 * stopped, so the tests neither clash with nor leave behind a shared one.
 */
final class Epmd implements AutoCloseable {
  private final int port;
  private final ServerProcess process;

  private Epmd(int port, ServerProcess process) {
    this.port = port;
    this.process = process;
  }

  static Epmd start(Path dir, int port) {
    Path log = dir.resolve("epmd.log");
    var process = ServerProcess.start("epmd :" + port,
        List.of(InstalledServers.EPMD.toString(), "-port", Integer.toString(port), "-address", "127.0.0.1"),
        Map.of(), dir, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.alive()) throw new IllegalStateException("epmd exited\n" + LogTail.of(20, log));
      try (var s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return new Epmd(port, process);
      } catch (java.io.IOException notYet) {
        sleep(50);
      }
    }
    process.stop(Duration.ofSeconds(1));
    throw new IllegalStateException("epmd did not listen on " + port + " within 10 s\n" + LogTail.of(20, log));
  }

  List<ProcessHandle> handles() {
    return process.handles();
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(2));
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
