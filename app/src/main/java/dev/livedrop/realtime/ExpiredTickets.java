package dev.livedrop.realtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes viewers out of their drop's room once their ticket has expired. A ticket is checked when
 * its holder logs in and enters; this makes it hold for as long as they stay, so no XMPP presence
 * outlives the token it was asked with.
 */
final class ExpiredTickets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExpiredTickets.class);
  /** How late an expired viewer may still be in the room at most. */
  static final Duration EVERY = Duration.ofSeconds(5);
  private final LiveAccess access;
  private final DropRooms rooms;
  private final ViewerLogins logins;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ticket-expiry");
    t.setDaemon(true);
    return t;
  });

  ExpiredTickets(LiveAccess access, DropRooms rooms, ViewerLogins logins) {
    this.access = access;
    this.rooms = rooms;
    this.logins = logins;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::sweep, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  void sweep() {
    try {
      for (String drop : access.drops()) {
        int gone = rooms.removeUnless(drop, localpart -> logins.admitted(localpart).isPresent(),
            "Your access to this drop has expired; open the drop again to come back.");
        if (gone > 0) log.debug("drop {}: {} viewers' tickets expired", drop, gone);
      }
    } catch (RuntimeException e) {
      log.warn("removing viewers with expired tickets failed; trying again in {}", EVERY, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
