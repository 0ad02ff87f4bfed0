package dev.livedrop.loadgen.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the server process costs, read from outside: resident memory and CPU time from /proc, and
 * for a JVM server with a Prometheus endpoint (livedrop), its used heap after a GC.
 */
public final class ServerProbe {
  private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux
  private final long pid;
  private final String metricsUrl;
  private HttpClient http; // made on first use: most probes never read a metrics endpoint

  public ServerProbe(long pid, String metricsUrl) {
    this.pid = pid;
    this.metricsUrl = metricsUrl;
  }

  public boolean present() {
    return pid > 0 && Files.exists(Path.of("/proc/" + pid));
  }

  /** Resident set size in bytes, or -1. */
  public long rssBytes() {
    if (pid <= 0) return -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** User plus system CPU seconds the process has used so far, or -1. */
  public double cpuSeconds() {
    if (pid <= 0) return -1;
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS; // utime, stime
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Heap in use after a full GC (jcmd), for a JVM with a Prometheus endpoint; -1 otherwise. */
  public long heapAfterGc() {
    if (metricsUrl == null) return -1;
    try {
      if (pid > 0) {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
          jcmd.destroyForcibly();
          return -1;
        }
      }
      if (http == null) http = HttpClient.newHttpClient();
      var resp = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      long sum = 0;
      for (String line : resp.body().split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
          sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
