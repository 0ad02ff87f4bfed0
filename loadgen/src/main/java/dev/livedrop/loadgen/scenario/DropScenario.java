package dev.livedrop.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livedrop.loadgen.Options;
import dev.livedrop.loadgen.client.Login;
import dev.livedrop.loadgen.client.XmppClient;
import dev.livedrop.loadgen.report.Latency;
import dev.livedrop.loadgen.report.ServerProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code drop} (livedrop only): viewers of one private drop join its room with the credentials the
 * REST API hands out; files are uploaded through the REST API at a set rate; each viewer records
 * when each upload's {@code asset.created} event arrives. Latency = arrival minus the moment the
 * upload's HTTP response arrived (an event that beats the response counts as 0).
 */
public final class DropScenario implements Scenario {
  private static final String EVENT_NS = "urn:livedrop:event:1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final int viewers;
  private final int uploads;
  private final int warmupUploads;
  private final double rate;
  private final int size;
  private final double arrival;
  private final String name;

  DropScenario(Options o) {
    if (!o.has("http")) throw new Options.BadOption("the drop scenario needs --http http://host:port (a livedrop server)");
    viewers = o.integer("viewers", 100);
    uploads = o.integer("uploads", 50);
    // Unmeasured uploads first, so both JVMs have compiled the path before the clock runs.
    warmupUploads = o.integer("warmup-uploads", 10);
    rate = o.number("upload-rate", 5);
    size = o.integer("size", 1024);
    arrival = o.number("arrival", 500);
    name = o.string("drop", "lg-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36));
  }

  @Override
  public Map<String, Object> run(Harness h, ServerProbe probe) throws Exception {
    String base = h.target.httpBase();
    if (base == null) throw new IllegalStateException("the drop scenario needs the target's HTTP base URL");

    JsonNode created = post(base + "/api/v1/drops", null,
        "{\"name\":\"" + name + "\",\"title\":\"Load test\",\"password\":\"load-test-pw\",\"expiry\":\"1d\"}");
    String admin = created.path("adminToken").asText();
    String guest = post(base + "/api/v1/drops/" + name + "/access", null,
        "{\"password\":\"load-test-pw\",\"nickname\":\"viewer\"}").path("token").asText();

    // Each viewer its own session: its own login, the room and its password.
    var sessions = new ConcurrentLinkedQueue<JsonNode>();
    for (int i = 0; i < viewers; i++) sessions.add(post(base + "/api/v1/drops/" + name + "/session", guest, ""));
    var byUser = new ConcurrentHashMap<String, JsonNode>();
    List<XmppClient> clients = h.awaitSetup(h.openSessions(viewers, arrival, () -> {
      JsonNode s = sessions.poll();
      byUser.put(s.path("username").asText(), s);
      return new Login(s.path("username").asText(), s.path("password").asText());
    }), "logins", h.login::count, viewers);

    var arrivals = new ConcurrentHashMap<String, ConcurrentLinkedQueue<Long>>();
    // Every viewer receives the same payload: parse it once, not once per viewer, so the
    // generator's own work does not queue behind a thousand JSON parses and count as latency.
    var idOfPayload = new ConcurrentHashMap<String, String>();
    AtomicInteger joinedCount = new AtomicInteger();
    var joins = new ArrayList<io.vertx.core.Future<Void>>();
    for (int i = 0; i < clients.size(); i++) {
      XmppClient c = clients.get(i);
      JsonNode s = byUser.get(c.jid().substring(0, c.jid().indexOf('@')));
      c.onMessage(m -> m.child("event", EVENT_NS).ifPresent(ev -> {
        if (!"asset.created".equals(ev.attr("type"))) return;
        long now = System.nanoTime();
        String id = idOfPayload.computeIfAbsent(ev.text(), DropScenario::assetId);
        if (id.isEmpty()) h.failures.add("event", "asset.created without an asset id: " + ev.text());
        else arrivals.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(now);
      }));
      // Every viewer holds the same guest's nickname; a drop's room numbers namesakes "viewer (2)", ...
      String nick = s.path("nick").asText() + (i == 0 ? "" : " (" + (i + 1) + ")");
      joins.add(h.joinRoom(c, s.path("room").asText(), nick, s.path("roomPassword").asText())
          .onSuccess(v -> joinedCount.incrementAndGet()));
    }
    h.awaitSetup(io.vertx.core.Future.join(joins), "joins", h.join::count, clients.size());
    Thread.sleep(500);

    // Uploads at the set rate; the moment each response arrives is the latency's start.
    var responded = new ConcurrentHashMap<String, Long>();
    AtomicLong uploadErrors = new AtomicLong();
    var drop = new DropTarget(base, name, admin);
    if (warmupUploads > 0) {
      upload(h, drop, new UploadPlan(warmupUploads, rate, size, "warmup-"), new ConcurrentHashMap<>(), uploadErrors);
      Thread.sleep(500);
    }
    h.collectOwnGarbage();
    upload(h, drop, new UploadPlan(uploads, rate, size, "file-"), responded, uploadErrors);
    long expected = (long) responded.size() * joinedCount.get();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && received(arrivals, responded) < expected) Thread.sleep(50);

    var latency = new Latency();
    long eventBeatResponse = 0;
    for (var e : responded.entrySet()) {
      var got = arrivals.get(e.getKey());
      if (got == null) continue;
      for (long t : got) {
        if (t < e.getValue()) eventBeatResponse++;
        latency.recordNanos(Math.max(0, t - e.getValue()));
      }
    }
    long delivered = received(arrivals, responded);
    var out = new LinkedHashMap<String, Object>();
    out.put("viewers_joined", joinedCount.get());
    out.put("warmup_uploads", warmupUploads);
    out.put("uploads_ok", responded.size());
    out.put("upload_errors", uploadErrors.get());
    out.put("events_expected", expected);
    out.put("events_delivered", delivered);
    out.put("events_lost", Math.max(0, expected - delivered));
    out.put("upload_to_event_latency", latency.summary());
    out.put("events_before_http_response", eventBeatResponse);
    out.put("login_latency", h.login.summary());
    out.put("join_latency", h.join.summary());
    out.put("errors", h.failures.snapshot());
    for (XmppClient c : clients) c.close();
    return out;
  }

  /** The drop the files go to: the server's base URL, the drop's name, and the admin token that may add to it. */
  private record DropTarget(String base, String name, String adminToken) {
    URI files() {
      return URI.create(base + "/api/v1/drops/" + name + "/files");
    }
  }

  /** A run of uploads: how many, how many a second, how many bytes each, and how their files are named. */
  private record UploadPlan(int count, double rate, int size, String namePrefix) {}

  /** Uploads the plan's files at its rate; records each new asset's id with when its response came. */
  private void upload(Harness h, DropTarget drop, UploadPlan plan, Map<String, Long> responded, AtomicLong uploadErrors)
      throws Exception {
    byte[] content = new byte[plan.size()];
    var inFlight = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
    long intervalNanos = (long) (1e9 / plan.rate());
    long next = System.nanoTime();
    for (int u = 0; u < plan.count(); u++) {
      long wait = next - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      next += intervalNanos;
      var req = HttpRequest.newBuilder(drop.files())
          .header("Authorization", "Bearer " + drop.adminToken()).header("X-File-Name", plan.namePrefix() + u + ".bin")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
      inFlight.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenAccept(r -> {
        long at = System.nanoTime();
        if (r.statusCode() != 201) {
          uploadErrors.incrementAndGet();
          h.failures.add("upload", "HTTP " + r.statusCode());
          return;
        }
        try {
          for (JsonNode a : JSON.readTree(r.body()).path("assets")) responded.put(a.path("id").asText(), at);
        } catch (Exception e) {
          h.failures.add("upload", e.getMessage());
        }
      }));
    }
    java.util.concurrent.CompletableFuture.allOf(inFlight.toArray(java.util.concurrent.CompletableFuture[]::new))
        .get(5, TimeUnit.MINUTES);
  }

  private static String assetId(String payload) {
    try {
      return JSON.readTree(payload).path("id").asText();
    } catch (Exception e) {
      return "";
    }
  }

  private static long received(Map<String, ConcurrentLinkedQueue<Long>> arrivals, Map<String, Long> responded) {
    long n = 0;
    for (String id : responded.keySet()) {
      var q = arrivals.get(id);
      if (q != null) n += q.size();
    }
    return n;
  }

  private JsonNode post(String url, String bearer, String json) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
