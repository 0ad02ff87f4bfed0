package dev.livedrop.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.livedrop.loadgen.client.Login;
import dev.livedrop.loadgen.report.ServerProbe;
import dev.livedrop.loadgen.scenario.Harness;
import dev.livedrop.loadgen.scenario.Scenario;
import dev.livedrop.loadgen.scenario.Scenarios;
import dev.livedrop.loadgen.scenario.SetupIncomplete;
import dev.livedrop.xmpp.transport.NetTransports;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator. {@code java -jar loadgen/target/loadgen.jar <scenario> [--option value]...}
 * Scenarios: sessions, fanout, many-rooms, drop. See {@link #USAGE}.
 */
public final class Main {
  static final String USAGE = """
      usage: loadgen <sessions|fanout|many-rooms|drop> [options]
        target:   --name livedrop --domain D --muc rooms.D --tcp host:port --ws ws://h:p/xmpp-websocket
                  --bosh http://h:p/http-bind --http http://h:p (livedrop REST, drop scenario)
                  --login anonymous|plain:user:password   --transport tcp|ws|bosh (default ws)
        probe:    --server-pid PID (RSS, CPU)  --metrics URL (JVM heap after GC, livedrop /metrics)
        sessions: --sessions N --arrival PER_S --duration 30s --ping 20s
        fanout:   --occupants N --talkers K --rate MSG_PER_S --duration 30s --warmup 10s [--rooms M]
        many-rooms: --occupants N --rooms M --talkers K --rate MSG_PER_S --duration 30s --warmup 10s
        drop:     --viewers N --uploads U --upload-rate PER_S --size BYTES --warmup-uploads 10
        output:   --json FILE (the figures as JSON; a table is always printed)
        warm-up:  --warmup-sessions N (log in N sessions and close them before measuring; default 0)
        set-up:   --setup-timeout 5m (logins and joins must be done by then, the warm-up's by the same
                  again; past it the run reports how far they got, measures nothing and exits 4)
        runtime:  --event-loops N  --net-transport auto|nio|epoll (default auto: epoll if it loads)
      """;

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = new Options(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    String domain = o.string("domain", "localhost");
    Target target;
    ServerProbe probe;
    String transport;
    int eventLoops;
    int warmupSessions;
    double warmupArrival;
    Duration setupTimeout;
    Transport netTransport;
    Scenario scenario;
    try { // every option, the scenario's too, before anything connects or warms up
      scenario = Scenarios.from(o);
      String[] tcp = o.hostPort("tcp", "127.0.0.1:5222");
      target = new Target(o.string("name", "server"), domain, o.string("muc", "rooms." + domain), tcp[0],
          Integer.parseInt(tcp[1]), URI.create(o.string("ws", "ws://127.0.0.1:8080/xmpp-websocket")),
          URI.create(o.string("bosh", "http://127.0.0.1:8080/http-bind")), Login.parse(o.string("login", "anonymous")),
          o.string("http", null));
      probe = new ServerProbe(o.longValue("server-pid", -1), o.string("metrics", null));
      transport = o.choice("transport", "ws", "tcp", "ws", "bosh");
      eventLoops = o.integer("event-loops", Runtime.getRuntime().availableProcessors());
      warmupSessions = o.integer("warmup-sessions", 0);
      warmupArrival = o.number("arrival", 500);
      setupTimeout = o.duration("setup-timeout", Duration.ofMinutes(5));
      netTransport = NetTransports.choose(o.string("net-transport", "auto"));
    } catch (IllegalArgumentException e) { // a BadOption, or a URI, login or transport that does not parse
      usageError(e);
      return;
    } catch (IllegalStateException e) { // a socket layer asked for by name that does not load here
      System.err.println("loadgen: " + e.getMessage());
      System.exit(2);
      return;
    }

    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(eventLoops).setBlockedThreadCheckInterval(10_000))
        .withTransport(netTransport).build();
    Map<String, Object> figures;
    var harness = new Harness(vertx, target, transport, setupTimeout);
    boolean incomplete = false;
    try {
      if (warmupSessions > 0) harness.warmUp(warmupSessions, warmupArrival);
      figures = scenario.run(harness, probe);
    } catch (SetupIncomplete e) {
      incomplete = true;
      System.err.println("loadgen: DID NOT FINISH: " + e.getMessage() + "; nothing measured");
      figures = new LinkedHashMap<>();
      figures.put("did_not_finish", e.figures());
      figures.put("login_latency", harness.login.summary());
      figures.put("join_latency", harness.join.summary());
      figures.put("errors", harness.failures.snapshot());
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // A server slow to close thousands of streams must not cost the figures already taken.
        System.err.println("loadgen: connections still closing after 10 s; reporting anyway");
      }
    }
    var result = new LinkedHashMap<String, Object>();
    result.put("scenario", o.scenario);
    result.put("target", target.name());
    result.put("transport", transport);
    result.put("warmup_sessions", warmupSessions);
    result.put("at", Instant.now().toString());
    result.putAll(figures);
    print(result);
    if (o.has("json")) {
      Files.writeString(Path.of(o.string("json", null)),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    }
    @SuppressWarnings("unchecked")
    var errors = (Map<String, Long>) figures.getOrDefault("errors", Map.of());
    System.exit(incomplete ? 4 : errors.isEmpty() ? 0 : 3);
  }

  private static void usageError(IllegalArgumentException e) {
    System.err.println("loadgen: " + e.getMessage());
    System.err.print(USAGE);
    System.exit(2);
  }

  @SuppressWarnings("unchecked")
  static void print(Map<String, Object> result) {
    System.out.println();
    System.out.printf("%-34s %s%n", "figure", "value");
    System.out.println("-".repeat(70));
    for (var e : result.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m && !e.getKey().equals("errors")) {
        for (var sub : ((Map<String, Object>) m).entrySet()) {
          System.out.printf("%-34s %s%n", e.getKey() + "." + sub.getKey(), sub.getValue());
        }
      } else if (!e.getKey().equals("errors")) {
        System.out.printf("%-34s %s%n", e.getKey(), e.getValue());
      }
    }
    var errors = (Map<String, Long>) result.getOrDefault("errors", Map.of());
    System.out.println("-".repeat(70));
    if (result.get("did_not_finish") instanceof Map<?, ?> dnf) {
      System.out.printf("DID NOT FINISH: %s reached %s of %s in %s s; nothing was measured%n", dnf.get("phase"),
          dnf.get("done"), dnf.get("of"), dnf.get("after_s"));
    }
    if (errors.isEmpty()) {
      System.out.println("errors: none");
    } else {
      System.out.println("ERRORS (every one counted; figures above include their effect):");
      errors.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
    }
  }
}
