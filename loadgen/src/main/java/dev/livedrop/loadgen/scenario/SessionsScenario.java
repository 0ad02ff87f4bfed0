package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.Options;
import dev.livedrop.loadgen.client.XmppClient;
import dev.livedrop.loadgen.report.ServerProbe;
import dev.livedrop.xmpp.xml.Element;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sessions}: open N sessions, log in, bind, and hold them idle with pings; report how many
 * were held to the end, login latencies, and what each session costs the server.
 */
public final class SessionsScenario implements Scenario {
  private final int n;
  private final double arrival;
  private final Duration hold;
  private final Duration pingEvery;

  SessionsScenario(Options o) {
    n = o.integer("sessions", 1000);
    arrival = o.number("arrival", 500);
    hold = o.duration("duration", Duration.ofSeconds(30));
    pingEvery = o.duration("ping", Duration.ofSeconds(20));
  }

  @Override
  public Map<String, Object> run(Harness h, ServerProbe probe) throws Exception {

    long rssBefore = probe.rssBytes();
    long heapBefore = probe.heapAfterGc();
    h.collectOwnGarbage();
    double cpu0 = probe.cpuSeconds();
    double self0 = FanoutScenario.ownCpuSeconds();
    long t0 = System.nanoTime();
    List<XmppClient> clients = h.awaitSetup(h.openSessions(n, arrival, () -> h.target.login()), "logins",
        h.login::count, n);
    double rampSeconds = (System.nanoTime() - t0) / 1e9;
    // What the ramp cost each side: a login latency measured while either process was out of CPU
    // is that process's queue as much as the server's speed.
    double cpu1 = probe.cpuSeconds();
    double self1 = FanoutScenario.ownCpuSeconds();

    // Idle, but alive: a ping from each session every interval, answers counted.
    AtomicLong pings = new AtomicLong();
    AtomicLong pongs = new AtomicLong();
    // Per session: pings sent and answered. A session whose pings go unanswered is not held, even
    // if its socket looks open (a BOSH client only learns of a dead server from its next request).
    var sent = new AtomicIntegerArray(clients.size());
    var answered = new AtomicIntegerArray(clients.size());
    for (int i = 0; i < clients.size(); i++) {
      int index = i;
      clients.get(i).onIqResult(r -> {
        if (r.attr("id") != null && r.attr("id").startsWith("ping")) {
          pongs.incrementAndGet();
          answered.incrementAndGet(index);
        }
      });
    }
    // Spread the pings evenly over the interval rather than all sessions at once.
    double perTick = clients.size() * 100.0 / Math.max(100, pingEvery.toMillis());
    double[] credit = {0};
    int[] next = {0};
    long pingTimer = h.vertx.setPeriodic(100, t -> {
      credit[0] += perTick;
      while (credit[0] >= 1 && !clients.isEmpty()) {
        credit[0] -= 1;
        int index = next[0]++ % clients.size();
        XmppClient c = clients.get(index);
        if (!c.isReady()) continue;
        sent.incrementAndGet(index);
        Element iq = new Element("iq", "jabber:client").attr("type", "get").attr("id", "ping" + pings.incrementAndGet())
            .attr("to", h.target.domain());
        iq.addChild("ping", "urn:xmpp:ping");
        c.send(iq);
      }
    });
    Thread.sleep(hold.toMillis());
    h.vertx.cancelTimer(pingTimer);
    long settle = System.nanoTime() + 5_000_000_000L; // answers to the last pings still in flight
    while (pongs.get() < pings.get() && System.nanoTime() < settle) Thread.sleep(20);
    long held = 0;
    long silent = 0;
    for (int i = 0; i < clients.size(); i++) {
      boolean answers = sent.get(i) == 0 || answered.get(i) > 0;
      if (!answers) silent++;
      if (clients.get(i).isReady() && answers) held++;
    }
    if (silent > 0) h.failures.add("ping", silent + " sessions never answered a ping");
    long rssHeld = probe.rssBytes();
    if (rssBefore > 0 && rssHeld == 0) h.failures.add("server", "server process gone (no RSS to read)");
    long heapHeld = probe.heapAfterGc();

    var out = new LinkedHashMap<String, Object>();
    out.put("sessions_requested", n);
    out.put("sessions_logged_in", clients.size());
    out.put("sessions_held_to_end", held);
    out.put("ramp_seconds", round(rampSeconds));
    out.put("login_latency", h.login.summary());
    if (cpu0 >= 0 && cpu1 >= 0) {
      out.put("ramp_server_cpu_cores", round((cpu1 - cpu0) / rampSeconds));
      if (!clients.isEmpty()) out.put("server_cpu_ms_per_login", round((cpu1 - cpu0) * 1000 / clients.size()));
    }
    out.put("ramp_generator_cpu_cores", round((self1 - self0) / rampSeconds));
    out.put("pings_sent", pings.get());
    out.put("pings_answered", pongs.get());
    if (rssBefore > 0 && rssHeld > 0) {
      out.put("server_rss_mib", round(rssHeld / 1048576.0));
      out.put("server_rss_per_session_kib", held == 0 ? 0 : round((rssHeld - rssBefore) / 1024.0 / held));
    }
    if (heapBefore > 0 && heapHeld > 0) {
      out.put("server_heap_after_gc_mib", round(heapHeld / 1048576.0));
      out.put("server_heap_per_session_kib", held == 0 ? 0 : round((heapHeld - heapBefore) / 1024.0 / held));
    }
    out.put("errors", h.failures.snapshot());
    for (XmppClient c : clients) c.close();
    return out;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
