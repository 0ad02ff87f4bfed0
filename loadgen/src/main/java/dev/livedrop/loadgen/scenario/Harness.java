package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.Target;
import dev.livedrop.loadgen.client.Login;
import dev.livedrop.loadgen.client.XmppClient;
import dev.livedrop.loadgen.report.Failures;
import dev.livedrop.loadgen.report.Latency;
import dev.livedrop.xmpp.xml.Element;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every scenario does first: open sessions at a set arrival rate with a bounded number of
 * logins in flight, and join rooms; with the failures and the connect-to-bound latencies.
 */
public final class Harness {
  static final String MUC = "http://jabber.org/protocol/muc";
  static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
  private static final int MAX_PENDING_LOGINS = 500;
  /** {@code -Dloadgen.slowLoginMs=N}: print each login slower than N ms, with when it ended (to find stalls). */
  private static final long SLOW_LOGIN_MS = Long.getLong("loadgen.slowLoginMs", 0);
  public final Vertx vertx;
  public final Target target;
  public final Target.Connections connections;
  public final Failures failures = new Failures();
  public final Latency login = new Latency();
  public final Latency join = new Latency();
  private final String transport;
  private final Duration setupTimeout;
  private long setupStarted;

  public Harness(Vertx vertx, Target target, String transport, Duration setupTimeout) {
    this.vertx = vertx;
    this.target = target;
    this.transport = transport;
    this.connections = new Target.Connections(vertx, target, transport);
    this.setupTimeout = setupTimeout;
    this.setupStarted = System.nanoTime();
  }

  /**
   * Collects the generator's own garbage before a measured phase, so that none of its collections
   * falls inside it (with the young generation sized to hold a whole phase, see
   * bench/xmpp-vs-anchors.sh): its pauses were being measured as the server's login latency
   * (see docs/decisions/0021-threads-and-scheduling-under-load.md).
   * Waits a second after, so that what queued during the collection is read before the clock starts.
   */
  public void collectOwnGarbage() throws InterruptedException {
    System.gc();
    Thread.sleep(1000);
  }

  /** The scenario's own set-up starts now (after the warm-up, which has its own deadline). */
  private void startSetup() {
    setupStarted = System.nanoTime();
  }

  /**
   * Waits for a set-up phase until the set-up deadline; past it, throws {@link SetupIncomplete}
   * with {@code done} of {@code of} (what the phase had achieved by then).
   */
  public <T> T awaitSetup(Future<T> phase, String what, LongSupplier done, long of) throws Exception {
    long left = setupStarted + setupTimeout.toNanos() - System.nanoTime();
    try {
      return phase.toCompletionStage().toCompletableFuture().get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SetupIncomplete(what, done.getAsLong(), of, (System.nanoTime() - setupStarted) / 1e9);
    }
  }

  /**
   * Opens {@code n} sessions, {@code perSecond} new ones per second at most; completes with those
   * that logged in (failures are counted, not thrown).
   */
  public Future<List<XmppClient>> openSessions(int n, double perSecond, Supplier<Login> logins) {
    return openSessions(n, perSecond, logins, login, connections);
  }

  /**
   * Logs in {@code n} sessions and closes them again, unmeasured, so that the server's login path
   * (and the generator's) is compiled before the clock runs: every server gets the same warm-up.
   * Their failures still count. They have clients of their own, closed afterwards: the keep-alive
   * connections 10,000 BOSH warm-ups leave pooled would otherwise stay open in both processes (the
   * generator ran out of file descriptors), and the measured sessions would start on a warm pool
   * that a newly arriving browser does not have.
   */
  public void warmUp(int n, double perSecond) throws Exception {
    var warmed = new Latency();
    var own = new Target.Connections(vertx, target, transport);
    List<XmppClient> clients = awaitSetup(openSessions(n, perSecond, target::login, warmed, own), "warm-up logins",
        warmed::count, n);
    for (XmppClient c : clients) c.close();
    Thread.sleep(1000);
    own.close().await(30, TimeUnit.SECONDS);
    startSetup();
  }

  private Future<List<XmppClient>> openSessions(int n, double perSecond, Supplier<Login> logins, Latency loginLatency,
      Target.Connections connections) {
    Promise<List<XmppClient>> done = Promise.promise();
    List<XmppClient> ready = new CopyOnWriteArrayList<>();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger();
    long tickMs = 10;
    double perTick = Math.max(perSecond * tickMs / 1000.0, 0.0001);
    double[] credit = {0};
    long progress = vertx.setPeriodic(5000, t -> System.err.printf("loadgen: %d/%d sessions started, %d logged in, %d pending%n",
        started.get(), n, ready.size(), pending.get()));
    done.future().onComplete(x -> vertx.cancelTimer(progress));
    vertx.setPeriodic(tickMs, timer -> {
      credit[0] = Math.min(credit[0] + perTick, Math.max(1, perTick * 2));
      while (credit[0] >= 1 && started.get() < n && pending.get() < MAX_PENDING_LOGINS) {
        credit[0] -= 1;
        started.incrementAndGet();
        pending.incrementAndGet();
        long t0 = System.nanoTime();
        var client = new XmppClient(connections.create(), target.domain(), logins.get());
        client.start().onComplete(ar -> {
          pending.decrementAndGet();
          if (ar.succeeded()) {
            long took = System.nanoTime() - t0;
            loginLatency.recordNanos(took);
            if (SLOW_LOGIN_MS > 0 && took > SLOW_LOGIN_MS * 1_000_000L) {
              System.err.printf("loadgen: slow login %d ms, done at %s%n", took / 1_000_000, java.time.Instant.now());
            }
            ready.add(client);
            client.closed().onSuccess(reason -> {
              if (reason != null) failures.add("disconnected", reason);
            });
          } else {
            failures.add("login", ar.cause().getMessage());
          }
          int f = finished.incrementAndGet();
          if (f == n) {
            vertx.cancelTimer(timer);
            done.tryComplete(new ArrayList<>(ready));
          }
        });
      }
    });
    return done.future();
  }

  /**
   * Joins {@code client} to {@code room} as {@code nick}, asking for no history; completes on the
   * self-presence (status 110). A room the join created is unlocked with an instant-room form
   * (XEP-0045 §10.1.2), as ejabberd and Prosody lock new rooms until configured.
   */
  public Future<Void> joinRoom(XmppClient client, String room, String nick) {
    return joinRoom(client, room, nick, null);
  }

  /** As {@link #joinRoom(XmppClient, String, String)}, with the room's password. */
  public Future<Void> joinRoom(XmppClient client, String room, String nick, String password) {
    Promise<Void> joined = Promise.promise();
    long t0 = System.nanoTime();
    String full = room + "/" + nick;
    client.onPresence(p -> {
      if (!full.equals(p.attr("from"))) return;
      if ("error".equals(p.attr("type"))) {
        joined.tryFail("join refused: " + p.child("error", "jabber:client").flatMap(e -> e.elements().findFirst())
            .map(Element::name).orElse("error"));
        return;
      }
      var x = p.child("x", MUC_USER);
      if (x.isEmpty()) return;
      boolean self = x.get().elements().anyMatch(s -> s.name().equals("status") && "110".equals(s.attr("code")));
      boolean created = x.get().elements().anyMatch(s -> s.name().equals("status") && "201".equals(s.attr("code")));
      if (!self) return;
      if (created) {
        // The room stays locked until the owner's form is accepted: only then may others come in.
        String id = client.nextId();
        client.onIqResult(r -> {
          if (!id.equals(r.attr("id"))) return;
          if ("result".equals(r.attr("type"))) {
            join.recordNanos(System.nanoTime() - t0);
            joined.tryComplete();
          } else {
            joined.tryFail("instant room refused");
          }
        });
        Element iq = new Element("iq", "jabber:client").attr("type", "set").attr("to", room).attr("id", id);
        iq.addChild("query", MUC_OWNER).addChild("x", "jabber:x:data").attr("type", "submit");
        client.send(iq);
        return;
      }
      join.recordNanos(System.nanoTime() - t0);
      joined.tryComplete();
    });
    Element presence = new Element("presence", "jabber:client").attr("to", full);
    Element x = presence.addChild("x", MUC);
    x.addChild("history").attr("maxstanzas", "0");
    if (password != null) x.addChild("password").text(password);
    client.send(presence);
    vertx.setTimer(60_000, t -> joined.tryFail("join timed out"));
    return joined.future().onFailure(e -> failures.add("join", e.getMessage()));
  }

  /** Joins clients to rooms in waves of at most {@code concurrency} at a time. */
  public Future<Void> joinAll(List<XmppClient> clients, java.util.function.IntFunction<String> roomOf, int concurrency) {
    return joinAll(clients, roomOf, concurrency, 0);
  }

  /** As above; nicknames are numbered from {@code firstNick}. */
  public Future<Void> joinAll(List<XmppClient> clients, java.util.function.IntFunction<String> roomOf, int concurrency,
      int firstNick) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    if (clients.isEmpty()) return Future.succeededFuture();
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= clients.size()) return;
      joinRoom(clients.get(i), roomOf.apply(i), "u" + (firstNick + i)).onComplete(ar -> {
        if (finished.incrementAndGet() == clients.size()) done.tryComplete();
        else step[0].run();
      });
    };
    for (int k = 0; k < Math.min(concurrency, clients.size()); k++) step[0].run();
    return done.future();
  }
}
