package dev.livedrop.media;

import dev.livedrop.cluster.Leases;
import dev.livedrop.drops.DropStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files still waiting for their thumbnail because the node that took them stopped first: the node
 * holding the backlog's lease queues them, all of them when it takes the lease (at its start, or
 * when the node before it stopped), then every interval those waiting longer than any thumbnail
 * takes. A node makes the thumbnails of its own uploads itself.
 */
public final class ThumbnailBacklog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ThumbnailBacklog.class);
  /** Pending this long, a file's thumbnail is no longer being made by whoever received it. */
  private static final Duration ABANDONED = Duration.ofMinutes(2);
  private static final Instant EVER = Instant.ofEpochMilli(Long.MAX_VALUE);
  private static final int LIMIT = 10_000;
  private final DropStore store;
  private final Thumbnailer thumbnailer;
  private final Leases leases;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("thumbnail-backlog").daemon().unstarted(r));
  private boolean leading;

  public ThumbnailBacklog(DropStore store, Thumbnailer thumbnailer, Leases leases, Clock clock) {
    this.store = store;
    this.thumbnailer = thumbnailer;
    this.leases = leases;
    this.clock = clock;
  }

  /** Queues the backlog now if this node holds it, then looks again every interval. */
  public void start(Duration interval) {
    pass();
    timer.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pass() {
    try {
      boolean now = leases.acquire(Leases.THUMBNAIL_BACKLOG);
      if (now) thumbnailer.enqueue(store.assetsAwaitingThumbnail(leading ? clock.instant().minus(ABANDONED) : EVER, LIMIT));
      leading = now;
    } catch (RuntimeException e) {
      log.warn("queueing the thumbnail backlog failed; will try again", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
