package dev.livedrop.sweeper;

import dev.livedrop.drops.DropService;
import dev.livedrop.drops.DropStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background janitor: removes expired drops (their rows, then their unreferenced content) and
 * swept blobs, every interval, on its own thread.
 */
public final class Sweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
  /** At most this long before expiry, viewers are told a drop is about to go. */
  static final Duration EXPIRY_WARNING = Duration.ofHours(1);
  private final DropStore store;
  private final DropService drops;
  private final BlobSweeper blobs;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("sweeper").daemon().unstarted(r));

  public Sweeper(DropStore store, DropService drops, BlobSweeper blobs, Clock clock) {
    this.store = store;
    this.drops = drops;
    this.blobs = blobs;
    this.clock = clock;
  }

  public void start(Duration interval) {
    timer.execute(() -> {
      try {
        int n = blobs.fullScan();
        if (n > 0) log.info("removed {} unreferenced blobs left from an earlier run", n);
      } catch (Exception e) {
        log.warn("full blob scan failed", e);
      }
    });
    timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
