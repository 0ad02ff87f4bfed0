package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server process started by a test, its output appended to a log file. Stopping sends SIGTERM
 * (ejabberd's VM and Prosody both shut down cleanly on it), then SIGKILL to it and every process it
 * started. Every process still running when the JVM exits is killed by one shutdown hook, so an
 * aborted test run leaves no server behind.
 */
final class ServerProcess {
  private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (ServerProcess p : RUNNING) p.stop(Duration.ofSeconds(3));
    }, "xmpp-servers-stop"));
  }

  private final String name;
  private final Process process;

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ServerProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      var builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      var p = new ServerProcess(name, builder.start());
      RUNNING.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The process and every process it started, while they run. */
  List<ProcessHandle> handles() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  /** SIGTERM, then after {@code grace} SIGKILL; then SIGKILL to whatever it left running. */
  void stop(Duration grace) {
    // Collected first: once the parent is gone, its children are re-parented and out of reach.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // The VM's helpers (erl_child_setup and its children) exit once the VM has gone; give them a
    // moment, then kill what is left and wait until it is gone.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (ProcessHandle child : children) {
      awaitExit(child, Math.max(0, deadline - System.nanoTime()));
      if (child.isAlive()) {
        child.destroyForcibly();
        awaitExit(child, TimeUnit.SECONDS.toNanos(5));
      }
    }
    RUNNING.remove(this);
  }

  private static void awaitExit(ProcessHandle p, long nanos) {
    try {
      p.onExit().get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // still alive: the caller kills it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
