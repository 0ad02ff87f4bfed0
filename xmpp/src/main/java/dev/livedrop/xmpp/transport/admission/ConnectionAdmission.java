package dev.livedrop.xmpp.transport.admission;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at accept whether a new connection may stay: at most {@link ConnectionLimits#maxPerAddress()}
 * from one client address, and none once the process is within its reserve of the open-files
 * limit. One instance is shared by every listener on every event loop (XMPP over TCP and the HTTP
 * server), so the counts are the process's. An admitted connection is released when its Netty
 * channel closes, which every close path ends in.
 *
 * <p>A refused connection has still cost an accept and is closed at once: what this prevents is
 * a host holding the files, so that sessions already in keep the files they need and a new client
 * gets a prompt close rather than a hang. What it cannot prevent: Vert.x accepts on its acceptor
 * thread and this check runs on the connection's event loop, so a burst arriving faster than the
 * loops close it holds files in between, and a reserve smaller than the burst can still be touched
 * for an instant (Netty then pauses accepting for a second). 2026-12-04, {@code ulimit -n 400},
 * 450 idle connections at once: with a reserve of 20 the server held 380 files, refused 149 and
 * closed a new /healthz in 0.2 s (without: 400 files, /healthz hung); accept failed 2-7 times.
 */
public final class ConnectionAdmission {
  private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);
  private static final long SAMPLE_MILLIS = 2000;
  private static final long LOG_EVERY_MILLIS = 60_000;

  private final ConnectionLimits limits;
  private final FdHeadroom headroom;
  /** Open connections by {@link ClientAddress#key}. */
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicLong live = new AtomicLong();
  private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
  private final AtomicLong lastLogged = new AtomicLong();
  private long sampler = -1;

  public ConnectionAdmission(ConnectionLimits limits, OpenFiles files) {
    this.limits = limits;
    this.headroom = limits.fdReserve().off() ? null : new FdHeadroom(files, limits.fdReserve());
    for (Refusal r : Refusal.values()) refused.put(r, new LongAdder());
  }

  public ConnectionLimits limits() {
    return limits;
  }

  /** Takes the first count of open files and keeps sampling it on a worker. */
  public void start(Vertx vertx) {
    if (headroom == null) return;
    headroom.sample(live.get());
    sampler = vertx.setPeriodic(SAMPLE_MILLIS, t -> vertx.executeBlocking(() -> {
      headroom.sample(live.get());
      return null;
    }, false));
  }

  public void stop(Vertx vertx) {
    if (sampler >= 0) vertx.cancelTimer(sampler);
  }

  /** Admits a just-accepted connection (null), or says why it must be closed now. */
  public Refusal admit(Channel channel) {
    if (headroom != null && headroom.exhausted(live.get())) return refuse(Refusal.FILE_LIMIT, channel);
    String key = limits.maxPerAddress() > 0 ? addressKey(channel.remoteAddress()) : null;
    if (key != null && !acquire(key)) return refuse(Refusal.PER_ADDRESS, channel);
    live.incrementAndGet();
    // Runs at once if the peer is already gone, so no path leaves a count behind.
    channel.closeFuture().addListener(f -> {
      live.decrementAndGet();
      if (key != null) release(key);
    });
    return null;
  }

  /** Connections refused so far for {@code reason}. */
  public long refused(Refusal reason) {
    return refused.get(reason).sum();
  }

  /** Admitted connections not yet closed. */
  public long open() {
    return live.get();
  }

  /** Connections open from {@code address} (its /64 for IPv6), as counted against the cap. */
  public int openFrom(InetAddress address) {
    return perAddress.getOrDefault(ClientAddress.key(address), 0);
  }

  private boolean acquire(String key) {
    boolean[] admitted = {false};
    perAddress.compute(key, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= limits.maxPerAddress()) return n;
      admitted[0] = true;
      return count + 1;
    });
    return admitted[0];
  }

  private void release(String key) {
    perAddress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  private Refusal refuse(Refusal reason, Channel channel) {
    refused.get(reason).increment();
    long now = System.currentTimeMillis();
    long last = lastLogged.get();
    if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
      log.warn("refusing new connections ({}), e.g. from {}: {}, {}; {} refused since start",
          reason.tag(), channel.remoteAddress(),
          limits.maxPerAddress() > 0 ? "at most " + limits.maxPerAddress() + " per address" : "no cap per address",
          headroom == null ? "no open-files reserve" : headroom.describe(live.get()), totalRefused());
    }
    return reason;
  }

  private long totalRefused() {
    return refused.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static String addressKey(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? ClientAddress.key(inet.getAddress()) : null;
  }
}
