package dev.livedrop.realtime;

import dev.livedrop.drops.Change;
import dev.livedrop.drops.ChangeLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to the rooms: reads unpublished changes in order, posts each to its drop's
 * room, then marks them published. Woken by every commit that recorded a change, and by a timer
 * in case a wake-up was missed. A change is marked only after it was posted, so a crash between
 * the two can only repeat it, never lose it. Between posting and marking, the batch is made durable
 * in the rooms' archive, so an event marked published is one an XMPP client can still fetch after
 * a crash (XEP-0313, join history); a repeat carries the same origin-id and seq, by which
 * receivers that saw it before drop it.
 */
public final class EventPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final int BATCH = 256;
  /** How often it looks without being woken: a wake-up may be missed (a NOTIFY lost to a restart). */
  static final Duration POLL = Duration.ofSeconds(1);
  private final ChangeLog changes;
  private final DropRooms rooms;
  private final RoomSync sync;
  private final Clock clock;
  private final Duration poll;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean held;
  /** The change that failed last time and how often: one that always fails must not block the rest forever. */
  private String failing;
  private int failures;
  private static final int MAX_ATTEMPTS = 5;

  EventPublisher(ChangeLog changes, DropRooms rooms, RoomSync sync, Clock clock) {
    this(changes, rooms, sync, clock, POLL);
  }

  EventPublisher(ChangeLog changes, DropRooms rooms, RoomSync sync, Clock clock, Duration poll) {
    this.changes = changes;
    this.rooms = rooms;
    this.sync = sync;
    this.clock = clock;
    this.poll = poll;
    this.thread = Thread.ofPlatform().name("event-publisher").daemon().unstarted(this::loop);
  }

  void start() {
    changes.onCommitted(this::nudge);
    thread.start();
  }

  /** Something was committed: publish now rather than at the next poll. */
  public void nudge() {
    wake.release();
  }

  /**
   * Stops publishing (changes keep being recorded) until {@link #resume}: for operators draining a
   * node, and for tests that stop the server between a commit and its publication.
   */
  public void hold() {
    held = true;
  }

  public void resume() {
    held = false;
    nudge();
  }

  private void loop() {
    while (running) {
      try {
        wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        while (running && !held && publishBatch() == BATCH) {
          // a full batch: there may be more
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("publishing events failed; will retry", e);
        sleepQuietly();
      }
    }
  }

  /** Publishes one batch; returns how many changes it claimed. */
  int publishBatch() {
    List<Change> read = changes.unpublished(BATCH);
    if (read.isEmpty()) return 0;
    // Held until the batch is marked: another node's publisher neither posts these drops again nor
    // posts their later changes before these.
    try (var claim = changes.claim(read, BATCH)) {
      return publish(claim.changes());
    }
  }

  private int publish(List<Change> batch) {
    List<Change> done = new ArrayList<>(batch.size());
    try {
      for (Change c : batch) {
        if (held || !running) break;
        try {
          sync.beforePublish(c);
          rooms.publish(c, EventText.of(c));
          sync.afterPublish(c);
        } catch (RuntimeException e) {
          if (!c.eventId().equals(failing)) {
            failing = c.eventId();
            failures = 0;
          }
          if (++failures < MAX_ATTEMPTS) throw e; // keep the order: retry from here
          log.error("giving up on event {} after {} attempts; it is skipped", c.eventId(), failures, e);
        }
        done.add(c);
      }
    } finally {
      if (!done.isEmpty()) rooms.awaitArchived(); // if this fails, nothing is marked: the batch is posted again
      changes.markPublished(done, clock.instant());
    }
    return batch.size();
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
