package dev.livedrop.sweeper;

import dev.livedrop.cluster.Leases;
import dev.livedrop.drops.DropService;
import dev.livedrop.drops.DropStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background janitor: removes expired drops (their rows, then their unreferenced content) and
 * swept blobs, every interval, on its own thread; on the one node that holds the sweeper's lease
 * when several share the database.
 */
public final class Sweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
  /** At most this long before expiry, viewers are told a drop is about to go. */
  static final Duration EXPIRY_WARNING = Duration.ofHours(1);
  private final DropStore store;
  private final DropService drops;
  private final BlobSweeper blobs;
  private final Clock clock;
  private final Leases leases;
  private final AtomicLong scheduledPasses = new AtomicLong();
  private boolean leading;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("sweeper").daemon().unstarted(r));

  public Sweeper(DropStore store, DropService drops, BlobSweeper blobs, Clock clock, Leases leases) {
    this.store = store;
    this.drops = drops;
    this.blobs = blobs;
    this.clock = clock;
    this.leases = leases;
  }

  public void start(Duration interval) {
    timer.execute(this::lead);
    timer.scheduleWithFixedDelay(() -> {
      if (lead()) {
        runOnce();
        scheduledPasses.incrementAndGet();
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether this node sweeps; a node that has just become the one scans every blob first. */
  private boolean lead() {
    boolean now = leases.acquire(Leases.SWEEPER);
    if (now && !leading) fullScan();
    leading = now;
    return now;
  }

  private void fullScan() {
    try {
      int n = blobs.fullScan();
      if (n > 0) log.info("removed {} unreferenced blobs left from an earlier run", n);
    } catch (Exception e) {
      log.warn("full blob scan failed", e);
    }
  }

  /** The timer's passes that ran here (not those of another node holding the sweeper). */
  public long scheduledPasses() {
    return scheduledPasses.get();
  }

  /** One full pass; public so tests and operators can sweep now rather than wait. */
  public synchronized SweepResult runOnce() {
    int dropsRemoved = 0;
    try {
      for (String name : store.dropsNearExpiry(clock.instant(), EXPIRY_WARNING, 100)) drops.warnExpiring(name);
      for (String name : store.expiredDrops(clock.instant(), 100)) {
        if (drops.removeExpired(name)) dropsRemoved++;
      }
      int blobsRemoved = blobs.sweepCandidates();
      if (dropsRemoved + blobsRemoved > 0) {
        log.info("swept {} expired drops and {} unreferenced blobs", dropsRemoved, blobsRemoved);
      }
      return new SweepResult(dropsRemoved, blobsRemoved);
    } catch (RuntimeException e) {
      log.warn("sweep failed; will try again", e);
      return new SweepResult(dropsRemoved, 0);
    }
  }

  public record SweepResult(int dropsRemoved, int blobsRemoved) {}

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
