package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.Options;
import dev.livedrop.loadgen.client.XmppClient;
import dev.livedrop.loadgen.report.Latency;
import dev.livedrop.loadgen.report.ServerProbe;
import dev.livedrop.xmpp.xml.Element;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code fanout} (one big room) and {@code many-rooms} (many small ones): occupants join, talkers
 * post timestamped groupchat messages at a total rate, and every occupant records the latency of
 * every message it receives, read from the parsed stanza. Lost = expected minus received, per
 * occupant, where expected is every message sent to its room after everyone joined.
 */
public final class FanoutScenario implements Scenario {
  static final String LOADGEN_NS = "urn:livedrop:loadgen";
  private final boolean manyRooms;
  private final int occupants;
  private final int rooms;
  private final int talkers;
  private final double rate;
  private final Duration duration;
  private final Duration warmup;
  private final double arrival;
  private final String prefix;

  FanoutScenario(Options o, boolean manyRooms) {
    this.manyRooms = manyRooms;
    occupants = o.integer("occupants", manyRooms ? 1000 : 500);
    rooms = o.integer("rooms", manyRooms ? Math.max(1, occupants / 5) : 1);
    talkers = Math.min(occupants, o.integer("talkers", manyRooms ? rooms : 10));
    rate = o.number("rate", 20);
    duration = o.duration("duration", Duration.ofSeconds(30));
    // Both JVMs compile their hot paths in the first seconds of traffic; on a shared 2-core machine
    // that compilation would be measured as the servers' latency, so the same traffic runs unmeasured first.
    warmup = o.duration("warmup", Duration.ofSeconds(10));
    arrival = o.number("arrival", 500);
    prefix = o.string("room-prefix", "lg" + Long.toString(System.currentTimeMillis() % 100000, 36));
  }

  @Override
  public Map<String, Object> run(Harness h, ServerProbe probe) throws Exception {
    List<XmppClient> clients = h.awaitSetup(h.openSessions(occupants, arrival, () -> h.target.login()), "logins",
        h.login::count, occupants);
    java.util.function.IntFunction<String> roomOf = i -> prefix + "-" + (i % rooms) + "@" + h.target.mucDomain();
    // Each room's first occupant creates it (and unlocks it) before anyone else comes in.
    int creators = Math.min(rooms, clients.size());
    h.awaitSetup(h.joinAll(clients.subList(0, creators), roomOf, 200), "joins", h.join::count, clients.size());
    h.awaitSetup(h.joinAll(clients.subList(creators, clients.size()), i -> roomOf.apply(i + creators), 200, creators),
        "joins", h.join::count, clients.size());
    System.err.printf("loadgen: %d sessions, %d joined%n", clients.size(), h.join.count());
    Thread.sleep(1000); // presence storms settle before the clock starts

    int n = clients.size();
    var latency = new Latency();
    var received = new AtomicLongArray(n);
    var sentToRoom = new AtomicLongArray(rooms);
    for (int i = 0; i < n; i++) {
      int me = i;
      clients.get(i).onMessage(m -> {
        if (!"groupchat".equals(m.attr("type"))) return;
        m.child("lg", LOADGEN_NS).ifPresent(lg -> {
          if (lg.attr("w") != null) return; // warm-up traffic
          if (m.child("delay", "urn:xmpp:delay").isPresent()) return; // history, not live
          latency.recordNanos(System.nanoTime() - Long.parseLong(lg.attr("t")));
          received.incrementAndGet(me);
        });
      });
    }

    // Talkers: the first `talkers` occupants, posting in turn at the total rate; warm-up first.
    AtomicLong seq = new AtomicLong();
    var warming = new java.util.concurrent.atomic.AtomicBoolean(!warmup.isZero());
    double perTick = rate / 100.0;
    double[] credit = {0};
    int[] next = {0};
    long timer = h.vertx.setPeriodic(10, t -> {
      credit[0] += perTick;
      while (credit[0] >= 1) {
        credit[0] -= 1;
        int talker = next[0]++ % talkers;
        XmppClient c = clients.get(talker);
        if (!c.isReady()) continue;
        int room = talker % rooms;
        boolean w = warming.get();
        long s = w ? 0 : seq.incrementAndGet();
        if (!w) sentToRoom.incrementAndGet(room);
        c.sendRaw("<message xmlns='jabber:client' type='groupchat' to='" + roomOf.apply(room) + "' id='m" + s + "'><body>load " + s
            + "</body><lg xmlns='" + LOADGEN_NS + "' t='" + System.nanoTime() + "' n='" + s + "'" + (w ? " w='1'" : "") + "/></message>");
      }
    });
    if (warming.get()) {
      Thread.sleep(warmup.toMillis());
      h.collectOwnGarbage();
      warming.set(false);
    }
    double cpu0 = probe.cpuSeconds();
    double self0 = ownCpuSeconds();
    long start = System.nanoTime();
    Thread.sleep(duration.toMillis());
    h.vertx.cancelTimer(timer);
    double sendingSeconds = (System.nanoTime() - start) / 1e9;
    double cpu1 = probe.cpuSeconds();
    double self1 = ownCpuSeconds();

    // Let what is in flight arrive: until everyone has everything, or 10 s of silence at most.
    long expectedTotal = 0;
    for (int i = 0; i < n; i++) expectedTotal += clients.get(i).isReady() ? sentToRoom.get(i % rooms) : 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && sum(received) < expectedTotal) Thread.sleep(50);

    long delivered = sum(received);
    long lost = 0;
    int receiversMissing = 0;
    for (int i = 0; i < n; i++) {
      long expected = sentToRoom.get(i % rooms);
      long missing = Math.max(0, expected - received.get(i));
      lost += missing;
      if (missing > 0) receiversMissing++;
    }
    var out = new LinkedHashMap<String, Object>();
    out.put("occupants", n);
    out.put("rooms", rooms);
    out.put("talkers", talkers);
    out.put("warmup_s", warmup.toSeconds());
    out.put("rate_sent_per_s", SessionsScenario.round(seq.get() / sendingSeconds));
    out.put("messages_sent", seq.get());
    out.put("messages_expected", expectedTotal);
    out.put("messages_delivered", delivered);
    out.put("delivered_per_s", SessionsScenario.round(delivered / sendingSeconds));
    out.put("latency", latency.summary());
    out.put("messages_lost", lost);
    out.put("receivers_missing_messages", receiversMissing);
    out.put("login_latency", h.login.summary());
    out.put("join_latency", h.join.summary());
    if (cpu0 >= 0) out.put("server_cpu_cores", SessionsScenario.round((cpu1 - cpu0) / sendingSeconds));
    // The generator's own CPU: near a whole core, its own queueing is in the latencies above.
    out.put("generator_cpu_cores", SessionsScenario.round((self1 - self0) / sendingSeconds));
    long rss = probe.rssBytes();
    if (rss > 0) out.put("server_rss_mib", SessionsScenario.round(rss / 1048576.0));
    out.put("errors", h.failures.snapshot());
    for (XmppClient c : clients) c.close();
    return out;
  }

  static double ownCpuSeconds() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
  }

  private static long sum(AtomicLongArray a) {
    long s = 0;
    for (int i = 0; i < a.length(); i++) s += a.get(i);
    return s;
  }
}
