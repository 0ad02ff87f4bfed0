package dev.livedrop.realtime;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.Api;
import dev.livedrop.support.LiveViewer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The crash in a burst (issue 17): the real server as a child JVM, a recorder in a drop's room,
 * 60 uploads and comments at once, SIGKILL at the 20th response, a restart on the same data dir;
 * then a client that speaks only XMPP reconnects and catches up through XEP-0313 from the last
 * message it saw. Together with what it saw before the crash, it must see every committed event
 * (the REST API's seq after the restart), in seq order, without a gap; repeats are allowed (an
 * event posted but not yet archived and marked is posted again after a restart). Twenty times in
 * a row, each restart serving the next run.
 */
class CrashInABurstTest {
  private static final int RUNS = Integer.getInteger("crash.runs", 20);
  private static final int REQUESTS = 60;
  private static final int KILL_AT = 20;
  private static final String PASSWORD = "pass1234";
  @TempDir Path data;
  @TempDir Path logs;
  /** Every server started, so that none outlives the test, whichever assertion fails. */
  private final List<Child> children = new ArrayList<>();

  /** The server in its own JVM, started as an operator would: java ... dev.livedrop.Main and the environment. */
  private final class Child {
    final Process process;
    final Api api;

    Child() throws Exception {
      int http = freePort();
      int xmpp = freePort();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
          "-cp", System.getProperty("java.class.path"), "dev.livedrop.Main");
      var env = pb.environment();
      env.put("LIVEDROP_DATA_DIR", data.toString());
      env.put("LIVEDROP_HTTP_HOST", "127.0.0.1");
      env.put("LIVEDROP_HTTP_PORT", Integer.toString(http));
      env.put("LIVEDROP_PUBLIC_URL", "http://127.0.0.1:" + http);
      env.put("LIVEDROP_XMPP_PORT", Integer.toString(xmpp));
      env.put("LIVEDROP_XMPP_DOMAIN", "drops.test");
      env.put("LIVEDROP_SWEEP_INTERVAL", "1h");
      env.put("LIVEDROP_EVENT_LOOPS", "2");
      env.put("LIVEDROP_JIT_NICE", "0");
      env.put("LIVEDROP_LOG_LEVEL", "WARN");
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("server.log").toFile()));
      process = pb.start();
      children.add(this);
      api = new Api("http://127.0.0.1:" + http);
      awaitHealthy(http);
    }

    private void awaitHealthy(int port) throws Exception {
      var client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as("the server process is running (see %s)", logs.resolve("server.log")).isTrue();
        try {
          var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
              HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) return;
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(50);
      }
      throw new AssertionError("the server did not become healthy within 60 s");
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReconnectingXmppClientSeesEveryCommittedEventAfterAKillInABurst() throws Exception {
    try {
      Child server = new Child();
      for (int run = 1; run <= RUNS; run++) server = crashAndCatchUp(server, run);
    } finally {
      for (Child c : children) c.kill();
    }
  }

  private Child crashAndCatchUp(Child server, int run) throws Exception {
    String drop = "burst-" + run;
    String admin = bearer(server.api.createDrop("{\"name\":\"" + drop + "\",\"password\":\"" + PASSWORD + "\"}").path("adminToken").asText());
    var seed = server.api.putFile(drop, "seed.txt", "seed".getBytes(), "Authorization", admin);
    assertThat(seed.status()).isEqualTo(201);
    String assetId = seed.json().path("assets").get(0).path("id").asText();

    // The recorder: an XMPP client in the room, recording everything up to the crash.
    var recorder = LiveViewer.join(session(server, drop, admin));
    burst(server, drop, admin, assetId);
    var before = new ArrayList<Message>();
    recorder.messages.drainTo(before);
    recorder.close();

    long t0 = System.nanoTime();
    Child restarted = new Child();

    JsonNode state = restarted.api.get("/api/v1/drops/" + drop, "Authorization", admin).json();
    long committed = state.path("seq").asLong();
    assertThat(committed).as("run %d: events committed", run).isGreaterThan(2);

    // The client comes back: joins without history, then asks the archive for what followed the
    // last message it saw, then takes what arrives live.
    JsonNode session = session(restarted, drop, admin);
    XMPPTCPConnection conn = LiveViewer.connect(session, session.get("password").asText());
    try {
      var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(JidCreate.entityBareFrom(session.get("room").asText()));
      BlockingQueue<Message> live = new LinkedBlockingQueue<>();
      muc.addMessageListener(live::add);
      muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(session.get("nick").asText()))
          .withPassword(session.get("roomPassword").asText()).requestNoHistory().build());
      var mam = MamManager.getInstanceFor(muc);
      assertThat(mam.isSupported()).isTrue();

      var seen = new Seen(run);
      for (Message m : before) seen.add(m);
      seen.knownBeforeCatchUp = seen.known;
      for (Message m : catchUp(mam, before)) seen.add(m);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (seen.known < committed && System.nanoTime() < deadline) {
        Message m = live.poll(200, TimeUnit.MILLISECONDS);
        if (m != null) seen.add(m);
      }
      System.out.printf("run %d: %d events committed, %d seen before the kill; restarted and caught up in %d ms%n", run,
          committed, seen.knownBeforeCatchUp, (System.nanoTime() - t0) / 1_000_000);
      assertThat(seen.known).as("run %d: the client reached the last committed event (seen before the crash: %d)", run,
          seen.knownBeforeCatchUp).isEqualTo(committed);
    } finally {
      conn.disconnect();
    }
    return restarted;
  }

  /** Sends 60 requests at once (uploads and comments) and kills the server at the 20th response. */
  private void burst(Child server, String drop, String admin, String assetId) throws Exception {
    var responses = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        pool.execute(() -> {
          try {
            start.await();
            if (n % 2 == 0) {
              server.api.putFile(drop, "file-" + n + ".txt", ("content " + n).getBytes(), "Authorization", admin);
            } else {
              server.api.postJson("/api/v1/drops/" + drop + "/assets/" + assetId + "/comments", "{\"text\":\"comment " + n + "\"}",
                  "Authorization", admin);
            }
            if (responses.incrementAndGet() == KILL_AT) server.kill();
          } catch (Exception | AssertionError cutOff) {
            // the server was killed under this request
          }
        });
      }
      start.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    server.kill(); // in case fewer than 20 answered
  }

  /**
   * XEP-0313 from the newest message seen that the archive still knows (one seen live may have been
   * lost from the archive in the crash, and posted again under a new stanza-id), paging forwards
   * to the end.
   */
  private static List<Message> catchUp(MamManager mam, List<Message> before) throws Exception {
    for (int i = before.size() - 1; i >= -1; i--) {
      var args = MamQueryArgs.builder().setResultPageSize(100);
      if (i >= 0) {
        var sid = StanzaIdElement.getStanzaId(before.get(i));
        if (sid == null) continue;
        args.afterUid(sid.getId());
      }
      try {
        var query = mam.queryArchive(args.build());
        var out = new ArrayList<>(query.getMessages());
        while (!query.isComplete()) out.addAll(query.pageNext(100));
        return out;
      } catch (XMPPException.XMPPErrorException e) {
        if (e.getStanzaError().getCondition() != StanzaError.Condition.item_not_found) throw e;
      }
    }
    throw new AssertionError("unreachable: the last attempt asks for the whole archive");
  }

  /** The client's rule (docs/events.md): apply an event newer than what it knows; an older one is a repeat; a jump is a gap. */
  private static final class Seen {
    final int run;
    long known;
    long knownBeforeCatchUp;
    final List<Long> order = new ArrayList<>();

    Seen(int run) {
      this.run = run;
    }

    void add(Message m) throws Exception {
      var e = LiveViewer.eventOf(m);
      if (e == null) return;
      order.add(e.seq());
      if (e.seq() <= known) return; // a repeat
      assertThat(e.seq()).as("run %d: after seq %d came %d (events in arrival order: %s)", run, known, e.seq(), order)
          .isEqualTo(known + 1);
      known = e.seq();
    }
  }

  private static JsonNode session(Child server, String drop, String admin) {
    var s = server.api.postJson("/api/v1/drops/" + drop + "/session", "", "Authorization", admin);
    assertThat(s.status()).isEqualTo(200);
    return s.json();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
